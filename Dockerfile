# syntax=docker/dockerfile:1
# One image per fsmon app, all from this file: `docker build --target collector|aggregator|policy .`
# (docker-compose.yml builds each target). The apps run compiled JS from dist/; Kafka and Redis are
# separate services, so neither librdkafka nor redis-server is installed here.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: install everything, compile, then drop dev dependencies -------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Optional dependencies stay: koffi's native binary is one (@koromix/koffi-linux-x64).
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: what every app needs at run time ----------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json /app/tsconfig.base.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/tools/register-dist-paths.js ./tools/register-dist-paths.js

# --- collector: fanotify needs CAP_SYS_ADMIN and the host's /proc, so it stays root ---------------
FROM runtime AS collector
ENV HTTP_PORT=3001
EXPOSE 3001
CMD ["node", "-r", "./tools/register-dist-paths.js", "dist/apps/collector/src/main.js"]

# --- aggregator ------------------------------------------------------------------------------------
FROM runtime AS aggregator
ENV HTTP_PORT=3002
EXPOSE 3002
USER node
# The V8 flag: see APP_NODE_FLAGS in libs/shared/config/src/app-node-flags.ts (the main job launches it the same way).
CMD ["node", "--initial-old-space-size=64", "-r", "./tools/register-dist-paths.js", "dist/apps/aggregator/src/main.js"]

# --- policy ----------------------------------------------------------------------------------------
FROM runtime AS policy
ENV HTTP_PORT=3003
EXPOSE 3003
USER node
CMD ["node", "-r", "./tools/register-dist-paths.js", "dist/apps/policy/src/main.js"]
