// The rooms of the house and what each may import (docs/architecture.md).
// `npm run lint` runs: depcruise apps packages tools
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "packages-not-to-apps",
      comment: "A package is a library: it may not import an app (nor an app's test support).",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "packages-not-to-tools",
      comment: "A package may not import a tool.",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^tools/" },
    },
    {
      name: "apps-not-to-other-apps",
      comment:
        "An app may not import another app. Only end-to-end tests (apps/*/test) may use another app's test support.",
      severity: "error",
      from: { path: "^apps/([^/]+)/", pathNot: "^apps/[^/]+/test/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "apps-src-not-to-tests",
      comment: "Production code may not import test code.",
      severity: "error",
      from: { path: "^(apps|packages)/[^/]+/src/", pathNot: "^packages/test-utils/" },
      to: { path: "(^packages/test-utils/|/test/)" },
    },
    {
      name: "apps-not-to-tools",
      comment: "Tools may import apps; apps may not import tools.",
      severity: "error",
      from: { path: "^apps/" },
      to: { path: "^tools/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve is a missing dependency or a typo.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-non-package-json",
      comment:
        "Every npm package a workspace imports must be in that workspace's package.json (dependencies, devDependencies).",
      severity: "error",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "no-circular-packages",
      comment: "Modules of the packages may not import each other in a cycle.",
      severity: "error",
      from: { path: "^packages/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)dist/|^packages/db/src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".mts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
      mainFields: ["types", "typings", "main"],
    },
  },
};
