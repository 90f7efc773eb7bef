# syntax=docker/dockerfile:1
# SecureNexus Control: Next.js standalone build in three stages.
#   docker build -t securenexus/control:latest .      (or: docker compose build, see compose.yml)
# The runner applies prisma/migrations itself at start; data that must persist lives in /data.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: node_modules from the lock file ---------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# `npm ci` runs the postinstall hook (`prisma generate`), which needs the schema and its config.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/no-schema-engine.sh ./scripts/no-schema-engine.sh
RUN npm ci

# ---- build: next build (output: "standalone") ------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# public/ may be empty (and then absent from a git checkout): make sure it exists for the runner.
RUN mkdir -p public && npm run build

# ---- runner: only the standalone server, static assets and migrations ------------------------
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data

RUN groupadd --system --gid 1001 nextjs \
 && useradd --system --uid 1001 --gid nextjs --home-dir /app --no-create-home nextjs \
 && mkdir -p /data \
 && chown nextjs:nextjs /data

COPY --from=build --chown=nextjs:nextjs /app/.next/standalone ./
COPY --from=build --chown=nextjs:nextjs /app/.next/static ./.next/static
COPY --from=build --chown=nextjs:nextjs /app/public ./public
COPY --from=build --chown=nextjs:nextjs /app/prisma/migrations ./prisma/migrations

USER nextjs
VOLUME ["/data"]
EXPOSE 3000

# No curl in the slim image: node's fetch does the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

CMD ["node", "server.js"]
