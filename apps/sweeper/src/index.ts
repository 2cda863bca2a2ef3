export { startSweeper, type Sweeper, type SweeperDeps } from "./start-sweeper";
export type { SweepOutcome } from "./sweep/sweep-all";
export type { HookSweepReport } from "./sweep/sweep-hook";
export type { BackfillReport } from "./backfill/backfill-repository";
export { BACKFILL_ACTION, backfillDeliveryId } from "./backfill/synthesize-events";
export { createAcceptedLookup, type AcceptedLookup } from "./support/accepted-deliveries";
export { parseBackfillArguments, BACKFILL_USAGE } from "./backfill/backfill-arguments";
