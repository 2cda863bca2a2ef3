import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Job } from "kubernetes-models/batch/v1/Job";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { loadConfig, overrideVariables, REPO_ROOT } from "@hookline/config";
import { CLOSE_MARGIN_MS } from "@hookline/lifecycle";
import { QUEUE_NAMES } from "@hookline/queue";

// The manifests users apply are the committed YAML itself: what this test
// validates offline is exactly what `kubectl apply -f` reads.
const DIRECTORY = join(REPO_ROOT, "deploy", "kubernetes");

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are read as loose YAML; the models validate them */
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  data?: any;
  stringData?: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

function yamlFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith(".yaml") ? [path] : [];
  });
}

const manifests: Array<{ file: string; manifest: Manifest }> = yamlFiles(DIRECTORY).flatMap(
  (file) =>
    parseAllDocuments(readFileSync(file, "utf8")).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      return { file: relative(REPO_ROOT, file), manifest: document.toJS() as Manifest };
    }),
);
const ofKind = (kind: string) =>
  manifests.filter(({ manifest }) => manifest.kind === kind).map(({ manifest }) => manifest);

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
};

const APPS = ["ingest", "worker", "notifier", "dashboard", "sweeper"] as const;
const HEALTH_ENDPOINTS = new Set(["/health", "/health/ready", "/health/webhooks"]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const podSpecs = (): Array<{ name: string; spec: any }> => [
  ...ofKind("Deployment").map((deployment) => ({
    name: deployment.metadata.name,
    spec: deployment.spec.template.spec,
  })),
  ...ofKind("Job").map((job) => ({ name: job.metadata.name, spec: job.spec.template.spec })),
];

describe("deploy/kubernetes", () => {
  it("validates every manifest against the Kubernetes and KEDA schemas", () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const { file, manifest } of manifests) {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      if (!Model) throw new Error(`${file}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
      expect(() => new Model(manifest as never).validate()).not.toThrow();
    }
  });

  it("fails validation for a wrong field, so the check above can fail", () => {
    const deployment = structuredClone(ofKind("Deployment")[0]!);
    deployment.spec.template.spec.containers[0].ports[0].containerPort = "http";
    expect(() => new Deployment(deployment as never).validate()).toThrow(/containerPort/);
  });

  it("runs one Deployment per app from the one image, with probes on the apps' health endpoints", () => {
    const deployments = ofKind("Deployment");
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(
      APPS.map((app) => `hookline-${app}`).sort(),
    );
    const build = readFileSync(join(REPO_ROOT, "tools", "build", "build.mjs"), "utf8");
    for (const { spec } of podSpecs()) {
      for (const container of spec.containers) {
        expect(container.image).toBe("hookline:0.1.0");
        // The command runs a bundle the build produces.
        expect(build).toContain(`"${container.command[1]}"`);
      }
    }
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      for (const probe of [container.livenessProbe, container.readinessProbe])
        expect(HEALTH_ENDPOINTS).toContain(probe.httpGet.path);
      expect(deployment.spec.selector.matchLabels).toEqual(
        expect.objectContaining({
          "app.kubernetes.io/component": deployment.metadata.name.replace("hookline-", ""),
        }),
      );
    }
  });

  it("selects existing pods from every Service and PodDisruptionBudget", () => {
    const templates = ofKind("Deployment").map(
      (deployment) => deployment.spec.template.metadata.labels,
    );
    const matches = (selector: Record<string, string>) =>
      templates.some((labels) =>
        Object.entries(selector).every(([key, value]) => labels[key] === value),
      );
    for (const service of ofKind("Service")) expect(matches(service.spec.selector)).toBe(true);
    for (const budget of ofKind("PodDisruptionBudget"))
      expect(matches(budget.spec.selector.matchLabels)).toBe(true);
    expect(ofKind("PodDisruptionBudget").length).toBeGreaterThanOrEqual(4);
  });

  it("sets only environment variables the configuration reads, secrets from Secrets", () => {
    const known = new Set([...overrideVariables().keys(), "CONFIG_PATH"]);
    for (const { name, spec } of podSpecs()) {
      for (const container of spec.containers) {
        for (const variable of container.env ?? []) {
          expect([name, variable.name, known.has(variable.name)]).toEqual([
            name,
            variable.name,
            true,
          ]);
          if (/URL|SECRET|TOKEN|USERS|KEY/.test(variable.name))
            expect(variable.valueFrom?.secretKeyRef?.name).toBe("hookline-secrets");
        }
      }
    }
    for (const secret of ofKind("Secret"))
      for (const key of Object.keys(secret.stringData ?? {}))
        expect([key, known.has(key)]).toEqual([key, true]);
  });

  it("gives every pod longer to stop than its drain deadline, with the settings the ConfigMap holds", () => {
    const [configMap] = ofKind("ConfigMap");
    const config = loadConfig({ env: {}, role: "tool", yaml: configMap!.data["config.yaml"] });
    for (const { name, spec } of podSpecs().filter(({ name }) => !name.includes("migrate"))) {
      const preStop = spec.containers[0].lifecycle?.preStop?.exec?.command;
      const pauseMs = preStop ? Number(preStop[1]) * 1000 : 0;
      expect([
        name,
        spec.terminationGracePeriodSeconds * 1000 >
          config.shutdown_timeout + CLOSE_MARGIN_MS + pauseMs,
      ]).toEqual([name, true]);
    }
  });

  it("scales each worker kind with KEDA on the ready backlog, the ingest on request rate, and never the sweeper", () => {
    const scaled = new Map(
      ofKind("ScaledObject").map((object) => [object.spec.scaleTargetRef.name, object]),
    );
    expect([...scaled.keys()].sort()).toEqual([
      "hookline-ingest",
      "hookline-notifier",
      "hookline-worker",
    ]);
    const queries = (name: string): string[] =>
      scaled
        .get(name)!
        .spec.triggers.map((trigger: { type: string; metadata: { query: string } }) => {
          expect(trigger.type).toBe("prometheus");
          return trigger.metadata.query;
        });
    const queueNames = new Set(Object.values(QUEUE_NAMES));
    for (const [app, queues] of [
      ["hookline-worker", ["github-events"]],
      ["hookline-notifier", ["notifications", "deliveries"]],
    ] as const) {
      const text = queries(app).join("\n");
      for (const queue of queues) {
        expect(queueNames).toContain(queue);
        expect(text).toContain(`queue_ready_jobs{queue="${queue}"}`);
      }
      expect(text).toContain("queue_oldest_ready_age_seconds");
    }
    expect(queries("hookline-ingest").join("\n")).toContain("rate(webhook_requests_total");
    const sweeper = ofKind("Deployment").find(
      (deployment) => deployment.metadata.name === "hookline-sweeper",
    )!;
    expect(sweeper.spec.replicas).toBe(1);
    expect(sweeper.spec.strategy.type).toBe("Recreate");
  });

  it("runs migrations as a Job with the migration bundle", () => {
    const [job] = ofKind("Job");
    expect(job!.spec.template.spec.containers[0].command).toEqual([
      "node",
      "packages/db/dist/migrate.js",
    ]);
  });
});
