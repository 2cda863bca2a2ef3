/**
 * One clock for every page: times in the configured IANA zone, year-month-day,
 * 24 h, with the zone's short name ("2026-12-06 22:43:07 GMT+1"), and filters
 * that read back exactly what the pages show.
 */

/**
 * Every time hookline shows: two-digit fields, 24 h, the zone's short name,
 * in `timeZone` (an IANA name). Bull Board's date formats use the same
 * (board/create-boards.ts).
 */
export function dateTimeOptions(timeZone: string): Intl.DateTimeFormatOptions {
  return {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  };
}

function parts(at: Date | number, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    new Intl.DateTimeFormat("en-US", dateTimeOptions(timeZone))
      .formatToParts(new Date(at))
      .map((part) => [part.type, part.value]),
  );
}

/** "2026-11-29 07:20:05 UTC": date, time and zone, in the configured zone. */
export function formatTime(at: Date | number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
}

/** The zone's offset from UTC at `at`, in ms (Berlin in winter: +3 600 000). */
function offsetAt(at: number, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant a wall-clock time in `timeZone` names (the earlier one in a DST fold). */
function fromWallClock(wall: number, timeZone: string): number {
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

// "2026-12-06 21:40", "2026-12-06T21:40:07.5", then an optional zone:
// "UTC", "GMT", "Z", "GMT+1", "UTC-05:30", "+01:00", "-0800", or the zone's short name ("PST").
const SHOWN_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(?:,?\s*([A-Za-z][A-Za-z0-9+\-:]*|[+-]\d{2}:?\d{2}))?$/;
const OFFSET = /^(?:(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?|UTC|GMT|Z)$/i;

/**
 * Reads a time as the pages show it, or as ISO 8601: "2026-12-06 21:40 UTC",
 * "2026-12-06 22:43:07 GMT+1", "2026-12-06T21:40:00Z", "2026-12-06 22:40"
 * (no zone: the configured zone, which every page names). A zone
 * abbreviation other than UTC/GMT is accepted only when it is the configured
 * zone's own at that time ("PST" in America/Los_Angeles), as abbreviations
 * are ambiguous. Returns undefined for anything else.
 */
export function parseShownTime(text: string, timeZone: string): Date | undefined {
  const match = SHOWN_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = "0", fraction = "", zone] = match;
  const wall =
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
    ) + Math.round(Number(`0${fraction}`) * 1000);
  const check = new Date(wall);
  // Date.UTC rolls 2026-02-30 over to March: refuse instead.
  if (
    Number.isNaN(wall) ||
    check.getUTCMonth() !== Number(month) - 1 ||
    check.getUTCDate() !== Number(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59
  )
    return undefined;
  if (zone === undefined) return new Date(fromWallClock(wall, timeZone));
  const offset = OFFSET.exec(zone);
  if (offset) {
    const [, sign, hours = "0", minutes = "0"] = offset;
    const ms = (Number(hours) * 60 + Number(minutes)) * 60_000;
    return new Date(wall - (sign === "-" ? -ms : ms));
  }
  const instant = fromWallClock(wall, timeZone);
  return parts(instant, timeZone).timeZoneName === zone ? new Date(instant) : undefined;
}

// A time as the notifier writes it into a failure reason: "2026-12-06 21:43:07 UTC".
const UTC_TIME_IN_TEXT = /\b(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC\b/g;

/** Rewrites the UTC times inside a text (failure reasons) into the configured zone. */
export function zonedText(text: string, timeZone: string): string {
  return text.replace(UTC_TIME_IN_TEXT, (whole, date: string, time: string) => {
    const at = Date.parse(`${date}T${time}Z`);
    return Number.isNaN(at) ? whole : formatTime(at, timeZone);
  });
}
