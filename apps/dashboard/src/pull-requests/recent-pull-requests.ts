import type { PrismaClient } from "@hookline/db";

/** One line of the pull request list: the newest updated first. */
export interface PullRequestLine {
  repository: string;
  number: number;
  title: string;
  state: string;
  checksState: string;
  githubUpdatedAt: Date;
}

/** The `limit` pull requests GitHub updated last, for the Pull requests page. */
export async function recentPullRequests(
  prisma: PrismaClient,
  limit: number,
): Promise<PullRequestLine[]> {
  const rows = await prisma.pullRequest.findMany({
    orderBy: [{ githubUpdatedAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { repository: true },
  });
  return rows.map((row) => ({
    repository: row.repository.fullName,
    number: row.number,
    title: row.title,
    state: row.state,
    checksState: row.checksState,
    githubUpdatedAt: row.githubUpdatedAt,
  }));
}
