import express, { type Router } from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "@hookline/config";
import {
  CHANNEL_ACTIONS,
  controlChannel,
  registeredChannels,
  type ChannelAction,
} from "@hookline/delivery";
import { HttpError } from "@hookline/http-errors";
import { QUEUE_NAMES } from "@hookline/queue";
import { audited, type AuditLog } from "../audit/audit-log";
import { html, page } from "../http/html";
import { userOf } from "../users/authenticate";
import { requirePermission } from "../users/require-permission";
import { may } from "../users/roles";
import { channelOverview } from "./channel-overview";
import { channelsTable } from "./channels-page";

export interface ChannelsRouterDeps {
  config: Config;
  redis: Redis;
  deliveries: Queue;
  audit: AuditLog;
}

/**
 * GET /channels (and /api/channels as JSON): every channel the notifier runs,
 * enabled or disabled, its circuit and until when, in flight, delayed,
 * failed, last success and failure, rate limit. POST
 * /channels/:channel/:action (probe, close, enable, disable): operators
 * and admins only, each recorded in the audit log before it answers.
 */
export function channelsRouter({ config, redis, deliveries, audit }: ChannelsRouterDeps): Router {
  const router = express.Router();
  const { prefix } = config.redis;
  const timeZone = config.dashboard.time_zone;
  const overview = () => channelOverview(redis, prefix, deliveries);

  router.get("/api/channels", (_req, res, next) => {
    overview()
      .then((list) => res.json({ channels: list }))
      .catch(next);
  });
  router.get("/channels", (_req, res, next) => {
    const user = userOf(res);
    overview()
      .then((list) =>
        res
          .type("html")
          .send(
            page(
              "Channels",
              user,
              timeZone,
              channelsTable(list, may(user.role, "replay"), timeZone),
            ),
          ),
      )
      .catch(next);
  });
  router.post("/channels/:channel/:action", requirePermission("replay"), (req, res, next) => {
    (async () => {
      const channel = String(req.params.channel);
      const action = String(req.params.action) as ChannelAction;
      const known = await registeredChannels(redis, prefix);
      if (!known.some((candidate) => candidate.name === channel))
        throw new HttpError(404, "UNKNOWN_CHANNEL", `no channel named ${channel} is configured`);
      if (!CHANNEL_ACTIONS.includes(action))
        throw new HttpError(
          404,
          "UNKNOWN_ACTION",
          `channel actions are ${CHANNEL_ACTIONS.join(", ")}`,
        );
      const user = userOf(res);
      // The intent is recorded before the action and its outcome after (issue 21).
      let woken = 0;
      await audited(
        audit,
        {
          actor: user.name,
          action: `channel.${action}`,
          origin: "ui",
          queue: QUEUE_NAMES.deliveries,
          selector: { channel },
          jobIds: [],
        },
        async () => {
          woken = await controlChannel(redis, deliveries, prefix, channel, action);
          return [];
        },
        (error) => error instanceof HttpError,
      );
      const list = await overview();
      res.type("html").send(
        page(
          "Channels",
          user,
          timeZone,
          channelsTable(
            list,
            true,
            timeZone,
            html`<p id="done" role="status">
              ${action} on
              <strong>${channel}</strong>
              done${woken > 0 ? `, ${woken} waiting deliveries woken` : ""}; recorded in the
              <a href="/audit">audit log</a>.
            </p>`,
          ),
        ),
      );
    })().catch(next);
  });
  return router;
}
