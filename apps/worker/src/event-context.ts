import type { Prisma } from "@hookline/db";
import type { NotificationDraft } from "./notifications/notification-draft";

/** What a handler knows about the delivery it is applying. */
export interface EventContext {
  deliveryId: string;
  event: string;
  action: string | null;
}

export type Transaction = Prisma.TransactionClient;

/** What applying one event produced, besides its rows. */
export interface EventEffects {
  status: "PROCESSED" | "IGNORED";
  notifications: NotificationDraft[];
}

export type EventHandler<Payload> = (
  tx: Transaction,
  context: EventContext,
  payload: Payload,
) => Promise<EventEffects>;
