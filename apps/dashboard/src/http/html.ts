import { NAVIGATION, NAVIGATION_STYLE } from "./navigation";

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

export { formatTime } from "./clock";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{padding:16px 20px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}td.reason{font-family:ui-monospace,monospace;font-size:12px;max-width:520px;word-break:break-word}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin-bottom:12px}
label{display:flex;flex-direction:column;font-size:12px;color:#57606a}input,select{padding:4px 6px;font:inherit}
button{padding:6px 12px;font:inherit;cursor:pointer}.danger{background:#cf222e;color:#fff;border:0;border-radius:4px}
.note{color:#57606a}.error{color:#cf222e;font-weight:600}.confirm{background:#fff8c5;border:1px solid #d4a72c;padding:12px;margin:12px 0}
.bad{color:#cf222e;font-weight:600}.ok{color:#1a7f37}section{margin-bottom:20px}h2{font-size:17px;margin:18px 0 8px}
.permanent{background:#ffebe9;border:1px solid #cf222e;color:#82071e;border-radius:4px;padding:0 4px;font-size:12px}
${NAVIGATION_STYLE}`;

/**
 * The navigation bar: every page in NAVIGATION order, the current one marked,
 * and who is signed in with which role and the zone times are shown in.
 */
export function navigationBar(
  current: string | undefined,
  who: { name: string; role: string } | undefined,
  timeZone: string,
): SafeHtml {
  return html`<nav class="hookline-nav" aria-label="hookline">
    <strong>hookline</strong>${NAVIGATION.map(
      (item) =>
        html`<a
          href="${item.url}"
          ${new SafeHtml(item.url === current ? 'aria-current="page"' : "")}
          >${item.text}</a
        >`,
    )}<span class="who">${who ? `${who.name} (${who.role}) · ` : ""}times in ${timeZone}</span>
  </nav>`;
}

/** The page frame: title, the navigation, the body. `current` is the navigation entry to mark. */
export function page(
  title: string,
  user: { name: string; role: string },
  timeZone: string,
  body: SafeHtml,
  current?: string,
): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${title} · hookline</title>
        <!-- No icon of its own: without this line every page asks for /favicon.ico and logs a 404. -->
        <link rel="icon" href="data:," />
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        ${navigationBar(current, user, timeZone)}
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.text;
}
