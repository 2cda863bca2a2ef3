// The receiving endpoint for bench:burst, in its own process (port as the
// first argument): answers 200 to every POST (keep-alive) and, on GET /,
// reports what it has had as JSON: requests, distinct `webhook-id`s (a
// notification delivered twice counts once) and the time of the last one
// (ms since the epoch; the benchmark runs on the same machine).
import { createServer } from "node:http";

let requests = 0;
let lastAt = 0;
const ids = new Set<string>();
const server = createServer((req, res) => {
  if (req.method === "GET") {
    res.writeHead(200, { "Content-Type": "application/json" });
    return void res.end(JSON.stringify({ requests, distinct: ids.size, lastAt }));
  }
  req.resume();
  req.on("end", () => {
    requests += 1;
    const id = req.headers["webhook-id"];
    if (typeof id === "string") ids.add(id);
    lastAt = Date.now();
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "2" });
    res.end("ok");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
