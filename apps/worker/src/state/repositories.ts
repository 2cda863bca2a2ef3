import type { Transaction } from "../event-context";

export interface RepositoryRef {
  id: number;
  full_name: string;
  html_url?: string | null;
}

/**
 * Inserts the repository if new; renames only when the name changed. DO
 * NOTHING rather than DO UPDATE, because DO UPDATE would lock the row and
 * serialise every concurrent event of a busy repository behind it.
 */
export async function upsertRepository(tx: Transaction, repository: RepositoryRef): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO repositories (id, full_name, html_url, updated_at)
    VALUES (${repository.id}, ${repository.full_name}, ${repository.html_url ?? null}, now())
    ON CONFLICT (id) DO NOTHING`;
  await tx.$executeRaw`
    UPDATE repositories SET full_name = ${repository.full_name}, updated_at = now()
    WHERE id = ${repository.id} AND full_name <> ${repository.full_name}`;
}
