// The receiving endpoint for bench:notifier, in its own process (port as the
// first argument): answers 200
// to every POST (keep-alive), and GET /count says how many it has had.
import { createServer } from "node:http";

let count = 0;
const server = createServer((req, res) => {
  if (req.method === "GET") return void res.end(String(count));
  req.resume();
  req.on("end", () => {
    count += 1;
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "2" });
    res.end("ok");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
