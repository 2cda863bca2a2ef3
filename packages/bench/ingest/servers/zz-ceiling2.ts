import express from "express";
const app = express();
app.post("/webhooks/github", (_req, res) => {
  res.writeHead(202, { "content-type": "application/json" });
  res.end('{"status":"queued"}');
});
app.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
