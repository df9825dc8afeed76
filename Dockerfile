FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Production mode: no dev routes (HERALD_DEV_ROUTES=1 is refused), and npm ci skips devDependencies;
# what runs here (tsx, vite for the web build) is in dependencies.
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:web
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
