# One image for every hookline process; the command picks the app:
#   node apps/ingest/dist/main.js | apps/worker/dist/main.js |
#   apps/notifier/dist/main.js | apps/dashboard/dist/main.js |
#   apps/dashboard/dist/replay.js | apps/sweeper/dist/main.js |
#   apps/sweeper/dist/sweep.js | apps/sweeper/dist/backfill.js | apps/sweeper/dist/drift.js |
#   packages/db/dist/migrate.js
# docker-compose.yml runs each of them from this image.

# --- build: every dependency, the Prisma client, `npm run build` ----------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/ingest/package.json apps/ingest/
COPY apps/worker/package.json apps/worker/
COPY apps/notifier/package.json apps/notifier/
COPY apps/dashboard/package.json apps/dashboard/
COPY apps/sweeper/package.json apps/sweeper/
COPY packages/client-network/package.json packages/client-network/
COPY packages/config/package.json packages/config/
COPY packages/db/package.json packages/db/
COPY packages/delivery/package.json packages/delivery/
COPY packages/github/package.json packages/github/
COPY packages/github-rest/package.json packages/github-rest/
COPY packages/lifecycle/package.json packages/lifecycle/
COPY packages/local-services/package.json packages/local-services/
COPY packages/observability/package.json packages/observability/
COPY packages/queue/package.json packages/queue/
COPY packages/test-utils/package.json packages/test-utils/
COPY tools/bench/package.json tools/bench/
COPY tools/build/package.json tools/build/
COPY tools/deploy/package.json tools/deploy/
COPY tools/docs/package.json tools/docs/
COPY tools/stack/package.json tools/stack/
COPY packages/db/scripts packages/db/scripts
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && mkdir /manifests \
  && cp --parents package.json package-lock.json apps/*/package.json packages/*/package.json \
       tools/*/package.json /manifests/

# --- production: the apps' runtime dependencies and the bundles only -------
FROM node:20-bookworm-slim AS production
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /manifests/ ./
# No install scripts: the Prisma client is generated in the build stage and bundled.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace apps/ingest --workspace apps/worker --workspace apps/notifier \
      --workspace apps/dashboard --workspace apps/sweeper --workspace packages/db \
  && npm cache clean --force
COPY --from=build /app/apps/ingest/dist apps/ingest/dist
COPY --from=build /app/apps/worker/dist apps/worker/dist
COPY --from=build /app/apps/notifier/dist apps/notifier/dist
COPY --from=build /app/apps/dashboard/dist apps/dashboard/dist
COPY --from=build /app/apps/sweeper/dist apps/sweeper/dist
COPY --from=build /app/packages/db/dist packages/db/dist
COPY --from=build /app/prisma/migrations prisma/migrations
COPY docker/healthcheck.js docker/healthcheck.js
USER node
EXPOSE 3000 3001 9464 9465 9466
# GET $HEALTHCHECK_URL (each service sets its own; the ingest's by default).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "docker/healthcheck.js"]
CMD ["node", "apps/ingest/dist/main.js"]
