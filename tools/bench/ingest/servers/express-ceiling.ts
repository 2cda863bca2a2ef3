// Ceiling (c): Express routing with nothing else — no body read, no
// verification, no Redis. Nothing built on Express can beat this.
import express from "express";

const app = express();
app.post("/webhooks/github", (_req, res) => {
  res.status(202).json({ status: "queued" });
});
app.listen(Number(process.argv[2]), "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
