import type { Express } from "express";
import { navigationBar, type SafeHtml } from "../http/html";
import { BOARD_BASE, NAVIGATION_STYLE } from "../http/navigation";
import { FONTS_STYLESHEET } from "./board-assets";

// Bull Board lays itself out over the whole window with fixed parts (its
// sidebar, its header): a transform makes #root their containing block, so
// they sit below hookline's bar instead of over it.
const BOARD_FRAME = `nav.hookline-nav{height:37px;box-sizing:border-box}
#root{position:relative;transform:translateZ(0);height:calc(100vh - 37px);overflow:auto}`;

// Bull Board's index.ejs links IBM Plex from a third-party host.
const THIRD_PARTY_FONTS = /<link[^>]+href="https:\/\/fonts\.googleapis\.com[^>]*>/g;

/**
 * Bull Board's page as hookline serves it: its third-party font link
 * replaced by hookline's own stylesheet, and hookline's navigation above the
 * board, so every page has the same way around. Fails loudly (at the first
 * render) if a Bull Board upgrade changes the page so the link is no longer found
 * yet still names a remote host.
 */
export function rewriteBoardPage(page: string, navigation: SafeHtml): string {
  const local = page.replace(
    THIRD_PARTY_FONTS,
    `<link href="${FONTS_STYLESHEET}" rel="stylesheet">`,
  );
  if (/(href|src)="https?:\/\//.test(local))
    throw new Error("Bull Board's page names a remote asset: hookline serves every asset itself");
  return local.replace(
    /<body([^>]*)>/,
    (body) => `${body}<style>${NAVIGATION_STYLE}
${BOARD_FRAME}</style>${navigation.text}`,
  );
}

/**
 * Wraps the view engine of Bull Board's Express app (ExpressAdapter renders
 * index.ejs with it) so each rendered page goes through rewriteBoardPage.
 */
export function serveBoardPage(app: Express, timeZone: string): void {
  const engines = (app as unknown as { engines: Record<string, EngineFn> }).engines;
  const render = engines[".ejs"];
  if (!render) throw new Error("Bull Board's Express app has no ejs engine to wrap");
  const navigation = navigationBar(BOARD_BASE, undefined, timeZone);
  app.engine("ejs", (path, options, callback) =>
    render(path, options as object, (error, rendered) => {
      if (error || rendered === undefined) return callback(error, rendered);
      try {
        callback(null, rewriteBoardPage(rendered, navigation));
      } catch (rewriteError) {
        callback(rewriteError as Error);
      }
    }),
  );
}

type EngineFn = (
  path: string,
  options: object,
  callback: (error: Error | null, rendered?: string) => void,
) => void;
