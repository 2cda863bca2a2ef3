import express, { type Router } from "express";
import { formatTime, html, page } from "../http/html";
import { userOf } from "../users/authenticate";
import type { AuditLog } from "./audit-log";

/** GET /audit: the newest 200 retries, replays and cleans; GET /api/audit the same as JSON. */
export function auditRouter(audit: AuditLog, timeZone: string): Router {
  const router = express.Router();
  router.get("/api/audit", (_req, res, next) => {
    audit
      .recent(200)
      .then((entries) => res.json({ entries }))
      .catch(next);
  });
  router.get("/audit", (_req, res, next) => {
    audit
      .recent(200)
      .then((entries) => {
        const rows = entries.map(
          (entry) =>
            html`<tr>
              <td>${formatTime(entry.at, timeZone)}</td>
              <td>${entry.actor}</td>
              <td>${entry.action}</td>
              <td>${entry.origin}</td>
              <td>${entry.queue}</td>
              <td><code>${JSON.stringify(entry.selector)}</code></td>
              <td>${entry.count}</td>
              <td class="${entry.outcome === "done" ? "" : "bad"}">
                ${entry.outcome}${entry.reason ? html`: ${entry.reason}` : ""}
              </td>
              <td>
                <code
                  >${entry.jobIds.slice(0, 20).join(", ")}${entry.jobIds.length > 20 ? " …" : ""}</code
                >
              </td>
            </tr>`,
        );
        res.type("html").send(
          page(
            "Audit log",
            userOf(res),
            timeZone,
            html`<p class="note">
                Every retry, replay and clean, from the dashboard, the API and
                <code>npm run replay</code>: recorded before it acts (pending), with its outcome
                after (done, refused with the reason, or failed). A row left pending is an action
                whose outcome could not be recorded: check the jobs it names.
              </p>
              <table id="audit">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Who</th>
                    <th>Action</th>
                    <th>From</th>
                    <th>Queue</th>
                    <th>Selector</th>
                    <th>Count</th>
                    <th>Outcome</th>
                    <th>Job ids</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>`,
            "/audit",
          ),
        );
      })
      .catch(next);
  });
  return router;
}
