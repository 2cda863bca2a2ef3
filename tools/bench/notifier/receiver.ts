// The receiving endpoint for bench:notifier, in its own process (port as the
// first argument): answers 200 to every POST (keep-alive), and GET / says how
// many notifications it has had (a batch's array counts each member).
import { createServer } from "node:http";

let count = 0;
const server = createServer((req, res) => {
  if (req.method === "GET") return void res.end(String(count));
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const first = chunks[0]?.[0];
    // Only a batch ("[" first) is parsed: single deliveries cost the receiver nothing extra.
    count +=
      first === 0x5b ? (JSON.parse(Buffer.concat(chunks).toString()) as unknown[]).length : 1;
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "2" });
    res.end("ok");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
