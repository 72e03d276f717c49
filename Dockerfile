# syntax=docker/dockerfile:1
#
# One image for every service of the platform; the container's command picks the service:
#   orders:     npx tsx services/orders/src/main.ts      (port 4001)
#   workforce:  npx tsx services/workforce/src/main.ts   (port 4002)
#   gateway:    npx tsx gateway/src/main.ts              (port 4000)
# docker-compose.yml and infra/k8s set that command; the default CMD only prints this hint.
#
#   docker build -t field-service-platform:dev .

# ---- dependencies -------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS deps
WORKDIR /app

# The manifests first, so that `npm ci` is cached until one of them or the lock file changes.
# npm workspaces (libs/*, services/*, gateway): every workspace's package.json must be here, because
# the lock file lists them all. A new workspace adds its line below.
COPY package.json package-lock.json ./
COPY libs/auth/package.json libs/auth/
COPY libs/contracts/package.json libs/contracts/
COPY libs/domain-kit/package.json libs/domain-kit/
COPY libs/eventing/package.json libs/eventing/
COPY libs/service-kit/package.json libs/service-kit/
COPY libs/tools/package.json libs/tools/
COPY services/orders/package.json services/orders/
COPY services/workforce/package.json services/workforce/
COPY services/dispatch/package.json services/dispatch/
COPY gateway/package.json gateway/

# --include=dev: the services run their TypeScript through tsx, which is a devDependency of the root
# package.json; without the flag, a NODE_ENV=production in the build environment would leave it out.
# --ignore-scripts: nothing the services run needs an install script. It skips the native builds of
# testcontainers' optional ssh2/cpu-features (no compiler in the slim image) and nx's post-install;
# esbuild (under tsx) uses its @esbuild/linux-* package from the lock file without its script.
RUN npm ci --include=dev --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force

# ---- runtime ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim
# tini as PID 1: forwards SIGTERM (docker stop, Kubernetes) to npx -> tsx -> node and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies and sources stay owned by root: the service user can read them, not change them.
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The orders service's FILE_STORAGE=local default directory (<repo>/.local/files), the one place
# in /app the service writes to; docker-compose mounts a volume here. Kubernetes uses FILE_STORAGE=s3.
RUN mkdir -p .local/files && chown -R node:node .local

# npx writes its logs (and tsx its compile cache) under /tmp, which stays writable under a
# read-only root file system (Kubernetes mounts an emptyDir there); no update check at start-up.
ENV npm_config_cache=/tmp/.npm \
  npm_config_update_notifier=false \
  npm_config_fund=false

# The base image's unprivileged `node` user, by number so Kubernetes' runAsNonRoot can check it.
USER 1000:1000

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "-e", "console.log('field-service-platform: choose a service, e.g. `npx tsx services/orders/src/main.ts`, `npx tsx services/workforce/src/main.ts` or `npx tsx gateway/src/main.ts`')"]
