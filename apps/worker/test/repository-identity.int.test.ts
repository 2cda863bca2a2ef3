import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";
import {
  at,
  checkRun,
  permutations,
  pullRequest,
  status,
  step,
  type Step,
} from "./support/state-scenario";

const ID = 7101;
const OLD = { id: ID, owner: "harbor-io", name: "old-name" };
const RENAMED = { id: ID, owner: "harbor-io", name: "new-name" };
const TRANSFERRED = { id: ID, owner: "dock-co", name: "new-name" };

async function stored(harness: WorkerHarness) {
  return harness.prisma.repository.findUniqueOrThrow({
    where: { id: BigInt(ID) },
    select: { fullName: true, name: true, owner: true, htmlUrl: true },
  });
}

const expected = (repository: typeof OLD) => ({
  fullName: `${repository.owner}/${repository.name}`,
  name: repository.name,
  owner: repository.owner,
  htmlUrl: `https://github.com/${repository.owner}/${repository.name}`,
});

describe("the repository row follows GitHub's id, newest event wins", () => {
  let harness: WorkerHarness;
  beforeEach(async () => {
    harness = await createWorkerHarness();
  });
  afterEach(() => harness.close());

  it("keeps every field of the rename when a late event still carries the old name", async () => {
    const opened = step(
      "pull_request",
      pullRequest({ number: 1, action: "opened", updatedAt: at(2, 0), repository: OLD }),
    );
    const edited = step(
      "pull_request",
      pullRequest({ number: 1, action: "edited", updatedAt: at(2, 20), repository: RENAMED }),
    );
    const late = step(
      "pull_request",
      pullRequest({ number: 1, action: "labeled", updatedAt: at(2, 10), repository: OLD }),
    );
    await harness.apply(opened.event, opened.payload, opened.deliveryId);
    await harness.apply(edited.event, edited.payload, edited.deliveryId);
    expect(await stored(harness)).toEqual(expected(RENAMED));
    await harness.apply(late.event, late.payload, late.deliveryId);
    expect(await stored(harness)).toEqual(expected(RENAMED));
  });

  // A rename then a transfer to another owner, carried by pull_request, check_run and status events.
  const history: Step[] = [
    step(
      "pull_request",
      pullRequest({ number: 2, action: "opened", updatedAt: at(3, 0), repository: OLD }),
    ),
    step("status", status(7111, "sha-2-a", "pending", at(3, 5), { repository: OLD })),
    step("check_run", checkRun(7112, "sha-2-a", "success", at(3, 15), { repository: RENAMED })),
    step(
      "pull_request",
      pullRequest({ number: 2, action: "labeled", updatedAt: at(3, 20), repository: RENAMED }),
    ),
    step("status", status(7113, "sha-2-a", "success", at(3, 30), { repository: TRANSFERRED })),
  ];

  it.each(
    permutations([0, 1, 2, 3, 4])
      .filter((_, index) => index % 12 === 0)
      .map((order) => [order.join(","), order] as const),
  )(
    "ends on the newest repository in arrival order %s, the rows never reverting",
    async (_label, order) => {
      let newest = -1;
      for (const index of order) {
        const delivery = history[index]!;
        await harness.apply(delivery.event, delivery.payload, delivery.deliveryId);
        newest = Math.max(newest, index);
        const shape = newest >= 4 ? TRANSFERRED : newest >= 2 ? RENAMED : OLD;
        expect(await stored(harness)).toEqual(expected(shape));
      }
    },
  );
});
