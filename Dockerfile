# UPR Monitor in a container: multi-stage (the build with the dev tools, then a runtime with the
# production dependencies only), run as the unprivileged `node` user. UNTESTED: this machine has the
# docker client but no Docker daemon, so the image has never been built here (docs/deployment.md).
#
#   docker build -t upr-monitor .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... -e SESSION_SECRET=... -e TRUST_PROXY=1 upr-monitor
#   (without DATABASE_URL: the embedded database in the /data volume, one container only)

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# The sources the server runs with tsx (server/, scripts/, app/ models, db/ migrations, seed data).
COPY . .
# The build made above, newer than the sources, so the server does not build again at start.
COPY --from=build /app/build ./build
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node runs as PID 1, no npm in between: SIGTERM from `docker stop` reaches the server, which
# finishes requests in flight (25 s at most; docker stop waits 10 s by default: use --time 30).
CMD ["node", "--import", "tsx", "scripts/start.ts"]
