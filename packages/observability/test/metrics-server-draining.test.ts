import type { AddressInfo } from "node:net";
import { createMetricsServer, createRegistry } from "@hookline/observability";

describe("readiness while draining", () => {
  it("fails /health/ready first, without asking the dependencies, and keeps /health alive", async () => {
    let draining = false;
    let asked = 0;
    const server = createMetricsServer({
      registry: createRegistry("test"),
      ready: async () => {
        asked += 1;
        return { healthy: true };
      },
      draining: () => draining,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      draining = true;
      const answer = await fetch(`${base}/health/ready`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ healthy: false, draining: true });
      expect(asked).toBe(1);
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
