import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { startConnectProxy, type ConnectProxy } from "./support/connect-proxy";
import { channelUnderTest } from "./support/channel-under-test";
import { startLocalReceiver, type LocalReceiver } from "./support/local-receiver";

// Real servers on 127.0.0.1: a receiver, a CONNECT proxy, a TLS server.
// "localhost" resolves to 127.0.0.1, which only allow_private_addresses admits.
const LOCAL = "  allow_http_hosts: [localhost, 127.0.0.1]\n";
const PORTS = "  allowed_ports: [1024-65535]\n";
// Where "localhost" also resolves to ::1, that must be allowed too.
const LOOPBACK_ALLOWED = '  allow_private_addresses: [127.0.0.0/8, "::1"]\n';

describe("outgoing address policy, end to end", () => {
  let receiver: LocalReceiver;
  let proxy: ConnectProxy;
  beforeEach(async () => {
    receiver = await startLocalReceiver(204);
    proxy = await startConnectProxy();
  });
  afterEach(async () => {
    await receiver.close();
    await proxy.close();
  });

  it("refuses a port outside outgoing.allowed_ports (default 443; 80 for plain-HTTP hosts), before any request", async () => {
    const url = `http://127.0.0.1:${receiver.port}/hook`;
    const byDefault = channelUnderTest(url, LOCAL + LOOPBACK_ALLOWED);
    const failure = await byDefault.failure();
    expect(failure.message).toMatch(
      `port ${receiver.port} of 127.0.0.1:${receiver.port} is not allowed`,
    );
    expect(failure.permanent).toBe(true);
    expect(receiver.received).toHaveLength(0);

    const listed = channelUnderTest(
      url,
      LOCAL + LOOPBACK_ALLOWED + `  allowed_ports: [443, "${receiver.port}"]\n`,
    );
    await expect(listed.send()).resolves.toMatchObject({ statusCode: 204 });
    expect(receiver.received).toHaveLength(1);
    // 80 only for a host named in allow_http_hosts; an HTTPS URL on 80 is refused.
    await expect(byDefault.failure("https://hooks.example.com:80/x")).resolves.toMatchObject({
      message: expect.stringMatching(/port 80 .* not allowed/),
      permanent: true,
    });
  });

  it("refuses a name that resolves to a non-public address at connect time, and a literal one", async () => {
    const strict = channelUnderTest(`http://localhost:${receiver.port}/hook`, LOCAL + PORTS);
    await expect(strict.failure()).resolves.toMatchObject({
      message: expect.stringMatching(
        /localhost resolves to (127\.0\.0\.1|::1), which is not a public address \(loopback\)/,
      ),
      permanent: true,
    });
    await expect(strict.failure(`http://127.0.0.1:${receiver.port}/hook`)).resolves.toMatchObject({
      message: expect.stringMatching(/127\.0\.0\.1 is not a public address/),
      permanent: true,
    });
    expect(receiver.received).toHaveLength(0);
    // A refusal is not retried inside the attempt: one try each.
    expect(strict.tries).toHaveLength(2);
  });

  it("lets a channel's own allow_private_addresses through, and only that channel", async () => {
    const url = `http://127.0.0.1:${receiver.port}/hook`;
    const allowed = channelUnderTest(
      url,
      LOCAL + PORTS,
      "      allow_private_addresses: [127.0.0.1]\n",
    );
    await expect(allowed.send()).resolves.toMatchObject({ statusCode: 204 });
    const other = channelUnderTest(url, LOCAL + PORTS);
    await expect(other.failure()).resolves.toMatchObject({ permanent: true });
    expect(receiver.received).toHaveLength(1);
  });

  describe("with proxy variables in the environment", () => {
    const NAMES = [
      "HTTP_PROXY",
      "HTTPS_PROXY",
      "ALL_PROXY",
      "http_proxy",
      "https_proxy",
      "all_proxy",
    ];
    const saved = new Map<string, string | undefined>();
    beforeEach(() => {
      for (const name of [...NAMES, "NO_PROXY", "no_proxy"]) saved.set(name, process.env[name]);
      for (const name of NAMES) process.env[name] = proxy.url;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
    });
    afterEach(() => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it("never sends through them: a blocked URL is refused, an allowed one goes direct", async () => {
      // The case: https://localhost:9/hook reached the proxy as CONNECT localhost:9.
      const strict = channelUnderTest("https://localhost:9/hook", "  allowed_ports: [9]\n");
      await expect(strict.failure()).resolves.toMatchObject({
        message: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1)/),
        permanent: true,
      });
      const local = channelUnderTest(
        `http://127.0.0.1:${receiver.port}/hook`,
        LOCAL + PORTS + LOOPBACK_ALLOWED,
      );
      await expect(local.send()).resolves.toMatchObject({ statusCode: 204 });
      expect(receiver.received).toHaveLength(1);
      expect(proxy.connects).toEqual([]);
      expect(proxy.forwards).toEqual([]);
    });
  });

  describe("with outgoing.proxy configured", () => {
    const withProxy = () => `  proxy: ${proxy.url}\n`;

    it("resolves and checks the target first, then CONNECTs to the checked address", async () => {
      const channel = channelUnderTest(
        `http://localhost:${receiver.port}/hook`,
        LOCAL + PORTS + LOOPBACK_ALLOWED + withProxy(),
      );
      await expect(channel.send()).resolves.toMatchObject({ statusCode: 204 });
      // The proxy never resolves a name: it is handed the address the policy checked.
      expect(proxy.connects).toEqual([`127.0.0.1:${receiver.port}`]);
      expect(receiver.received[0]).toMatchObject({
        method: "POST",
        url: "/hook",
        headers: { host: `localhost:${receiver.port}` },
      });
    });

    it("authenticates to the proxy with the URL's credentials", async () => {
      const credentials = proxy.url.replace("http://", "http://hook%40line:s%3Acret@");
      const channel = channelUnderTest(
        `http://127.0.0.1:${receiver.port}/hook`,
        LOCAL + PORTS + LOOPBACK_ALLOWED + `  proxy: ${credentials}\n`,
      );
      await expect(channel.send()).resolves.toMatchObject({ statusCode: 204 });
      expect(proxy.authorizations).toEqual([
        `Basic ${Buffer.from("hook@line:s:cret").toString("base64")}`,
      ]);
    });

    it("refuses a blocked target before any CONNECT", async () => {
      const channel = channelUnderTest(
        "https://localhost:9/hook",
        `  allowed_ports: [9]\n` + withProxy(),
      );
      await expect(channel.failure()).resolves.toMatchObject({ permanent: true });
      expect(proxy.connects).toEqual([]);
    });

    it("treats a refusing proxy as transient: retried in the attempt, never permanent", async () => {
      proxy.refuseWith(403);
      const channel = channelUnderTest(
        `http://127.0.0.1:${receiver.port}/hook`,
        LOCAL + PORTS + LOOPBACK_ALLOWED + withProxy(),
      );
      const failure = await channel.failure();
      expect(failure.permanent).toBe(false);
      expect(failure.message).toMatch(/EPROXY: proxy 127\.0\.0\.1:\d+ answered 403 to CONNECT/);
      expect(proxy.connects).toHaveLength(2); // the first try and one in-attempt retry
      expect(receiver.received).toHaveLength(0);
    });

    it("treats an unreachable proxy as transient too", async () => {
      const url = proxy.url;
      await proxy.close();
      const channel = channelUnderTest(
        `http://127.0.0.1:${receiver.port}/hook`,
        LOCAL + PORTS + LOOPBACK_ALLOWED + `  proxy: ${url}\n`,
      );
      const failure = await channel.failure();
      expect(failure.permanent).toBe(false);
      expect(failure.message).toMatch(/proxy 127\.0\.0\.1:\d+ failed: connect ECONNREFUSED/);
      expect(channel.tries).toHaveLength(2);
    });

    describe("for an HTTPS target", () => {
      let tlsServer: TlsServer;
      const serverNames: string[] = [];
      beforeAll(() => {
        // A self-signed certificate: the client must refuse it, having checked it for the host name.
        const dir = mkdtempSync(join(tmpdir(), "hookline-tls-"));
        execFileSync(
          "openssl",
          [
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-days",
            "1",
            "-keyout",
            join(dir, "key.pem"),
            "-out",
            join(dir, "cert.pem"),
          ],
          { stdio: "ignore" },
        );
        tlsServer = createTlsServer({
          key: readFileSync(join(dir, "key.pem")),
          cert: readFileSync(join(dir, "cert.pem")),
          SNICallback: (name, done) => {
            serverNames.push(name);
            done(null);
          },
        });
        rmSync(dir, { recursive: true });
        return new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
      });
      afterAll(() => new Promise<void>((resolve) => tlsServer.close(() => resolve())));

      it("speaks TLS through the tunnel with the URL's host name, and checks the certificate", async () => {
        const port = (tlsServer.address() as AddressInfo).port;
        const channel = channelUnderTest(
          `https://localhost:${port}/hook`,
          PORTS + LOOPBACK_ALLOWED + withProxy(),
        );
        const failure = await channel.failure();
        expect(failure.message).toMatch(/self-signed certificate/);
        expect(proxy.connects).toEqual([`127.0.0.1:${port}`]);
        expect(serverNames).toContain("localhost");
      });
    });
  });

  it("follows no redirect: a 3xx to a refused address is a failure, and the address is never reached", async () => {
    const target = await startLocalReceiver(204);
    const redirecting = await startLocalReceiver(307, {
      location: `http://127.0.0.1:${target.port}/internal`,
    });
    try {
      const channel = channelUnderTest(
        `http://localhost:${redirecting.port}/hook`,
        LOCAL + PORTS,
        '      allow_private_addresses: [127.0.0.1, "::1"]\n',
      );
      const failure = await channel.failure();
      expect(failure).toMatchObject({ statusCode: 307, permanent: true });
      expect(redirecting.received).toHaveLength(1);
      expect(target.received).toHaveLength(0);
    } finally {
      await target.close();
      await redirecting.close();
    }
  });
});
