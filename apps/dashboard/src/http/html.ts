/** Markup that is already safe; only `html` and `raw` make one. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(value);
}

/** A template whose every interpolation is escaped, unless it is SafeHtml (or a list of them). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, part, i) => out + render(values[i - 1]) + part));
}

/** "2026-11-29 07:20:05 UTC": date, time and zone, in the configured zone. */
export function formatTime(at: Date | number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(new Date(at))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:center}
header a{color:#fff}header strong{font-size:16px}main{padding:16px 20px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}td.reason{font-family:ui-monospace,monospace;font-size:12px;max-width:520px;word-break:break-word}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin-bottom:12px}
label{display:flex;flex-direction:column;font-size:12px;color:#57606a}input,select{padding:4px 6px;font:inherit}
button{padding:6px 12px;font:inherit;cursor:pointer}.danger{background:#cf222e;color:#fff;border:0;border-radius:4px}
.note{color:#57606a}.error{color:#cf222e;font-weight:600}.confirm{background:#fff8c5;border:1px solid #d4a72c;padding:12px;margin:12px 0}`;

/** The page frame: title, navigation, who is signed in with which role, and the zone times are shown in. */
export function page(
  title: string,
  user: { name: string; role: string },
  timeZone: string,
  body: SafeHtml,
): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title} · hookline</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <strong>hookline</strong><a href="/">Queues</a><a href="/dead-letters">Dead letters</a
          ><a href="/audit">Audit log</a>
          <span class="note" style="margin-left:auto;color:#d0d7de"
            >${user.name} (${user.role}) · times in ${timeZone}</span
          >
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.text;
}
