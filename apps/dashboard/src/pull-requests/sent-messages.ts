import type { PrismaClient } from "@hookline/db";

// Every outgoing message about one pull request, per channel, with each HTTP
// request made for it (delivery_attempts): part of its story page.

export interface AttemptRow {
  at: Date;
  attempt: number;
  try: number;
  statusCode: number | null;
  error: string | null;
  answer: string | null;
  replay: number;
  durationMs: number;
}

/** One outgoing message (webhook-id) to one channel, with every HTTP request made for it. */
export interface SentMessage {
  messageId: string;
  channel: string;
  notificationIds: string[];
  attempts: AttemptRow[];
}

// Bounds: a page, not an export.
const MAX_ATTEMPTS = 2000;

/** The notification ids the worker gives this pull request's notifications start so (decide-notifications.ts). */
function notificationPatterns(deliveryIds: readonly string[], pullRequestId: string): string[] {
  const escape = (text: string) => text.replace(/[\\%_]/g, "\\$&");
  return deliveryIds.map((deliveryId) => `${escape(deliveryId)}.${pullRequestId}.%`);
}

interface AttemptQueryRow {
  message_id: string;
  channel: string;
  notification_ids: unknown;
  attempt: number;
  try: number;
  status_code: number | null;
  error: string | null;
  answer_excerpt: string | null;
  replay: number;
  duration_ms: number;
  created_at: Date;
}

/** Outgoing messages about the pull request, by channel, newest first; each message's attempts oldest first. */
export async function readSentMessages(
  prisma: PrismaClient,
  deliveryIds: readonly string[],
  pullRequestId: string,
): Promise<Record<string, SentMessage[]>> {
  if (deliveryIds.length === 0) return {};
  const patterns = notificationPatterns(deliveryIds, pullRequestId);
  const rows = await prisma.$queryRaw<AttemptQueryRow[]>`
    SELECT message_id, channel, notification_ids, attempt, try, status_code, error,
           answer_excerpt, replay, duration_ms, created_at
      FROM delivery_attempts
     WHERE EXISTS (
             SELECT 1 FROM jsonb_array_elements_text(notification_ids) AS notification(id)
              WHERE notification.id LIKE ANY (${patterns}::text[]))
     ORDER BY created_at DESC, id DESC
     LIMIT ${MAX_ATTEMPTS}`;
  const messages = new Map<string, SentMessage>();
  for (const row of rows) {
    let message = messages.get(row.message_id);
    if (!message) {
      message = {
        messageId: row.message_id,
        channel: row.channel,
        notificationIds: Array.isArray(row.notification_ids)
          ? (row.notification_ids as string[])
          : [],
        attempts: [],
      };
      messages.set(row.message_id, message);
    }
    message.attempts.push({
      at: row.created_at,
      attempt: row.attempt,
      try: row.try,
      statusCode: row.status_code,
      error: row.error,
      answer: row.answer_excerpt,
      replay: row.replay,
      durationMs: row.duration_ms,
    });
  }
  const channels: Record<string, SentMessage[]> = {};
  for (const message of messages.values()) {
    message.attempts.reverse(); // oldest first: read as they happened
    (channels[message.channel] ??= []).push(message);
  }
  return channels;
}
