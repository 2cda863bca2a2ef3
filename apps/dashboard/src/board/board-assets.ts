import { dirname } from "node:path";
import express, { type Router } from "express";

// Bull Board's page asks a third-party host for IBM Plex; a locked-down
// on-call network blocks it. hookline serves the same fonts itself, from the
// @fontsource packages (the same files, OFL-1.1).
const FONTS = {
  "ibm-plex-sans": ["400", "500", "600"],
  "ibm-plex-mono": ["400", "500"],
} as const;

/** The stylesheet that replaces Bull Board's third-party font link. */
export const FONTS_STYLESHEET = "/assets/fonts.css";

function fontsCss(): string {
  return Object.entries(FONTS)
    .flatMap(([family, weights]) =>
      weights.map((weight) => `@import url("/assets/fonts/${family}/${weight}.css");`),
    )
    .join("\n");
}

/** GET /assets/fonts.css and /assets/fonts/<family>/…: the board's fonts, served by hookline. */
export function boardAssets(): Router {
  const router = express.Router();
  const css = fontsCss();
  router.get(FONTS_STYLESHEET, (_req, res) => {
    res.type("css").set("Cache-Control", "public, max-age=86400").send(css);
  });
  for (const family of Object.keys(FONTS))
    router.use(
      `/assets/fonts/${family}`,
      express.static(dirname(require.resolve(`@fontsource/${family}/package.json`)), {
        index: false,
        maxAge: "1d",
      }),
    );
  return router;
}
