import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { ApiContext } from './context.js';
import { errorHandler, notFound } from './errors.js';
import { checkHealth } from './health.js';
import { devRoutes } from './routes/dev.js';
import { meRoutes } from './routes/me.js';
import { orgRoutes } from './routes/orgs.js';
import { ORG_DOMAINS } from './routes/index.js';
import { authenticate } from './auth.js';
import { oauthCallbackRoutes } from './routes/accounts.js';
import { stripeWebhookRoutes } from './routes/billing.js';

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

export function createApp(ctx: ApiContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: ctx.log,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/livez' },
      // OAuth callbacks carry `code` and `state` in the query: log the path only.
      serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }) },
    }),
  );
  // Stripe signs the raw bytes: its webhook reads the body itself, before the JSON parser.
  app.use('/api/v1/billing', stripeWebhookRoutes(ctx));
  app.use(express.json({ limit: '1mb' }));

  const health: express.RequestHandler = async (_req, res) => {
    const report = await checkHealth({
      db: ctx.db,
      temporal: ctx.temporal,
      namespace: ctx.config.temporal.namespace,
      taskQueues: ctx.queues.served(),
      staleSeconds: ctx.config.worker.staleSeconds,
    });
    res.status(report.ok ? 200 : 503).json({ ...report, temporalUi: ctx.config.temporal.uiUrl });
  };
  app.get('/healthz', health);
  app.get('/livez', (_req, res) => void res.json({ ok: true }));

  const api = express.Router();
  api.get('/healthz', health);
  if (ctx.config.env !== 'production') api.use('/dev', devRoutes(ctx));
  // OAuth callbacks come from the browser without a bearer token; the stored one-time state authenticates them.
  api.use('/oauth', oauthCallbackRoutes(ctx));
  // Everything below needs a signed-in user; org routes check membership in orgAccess().
  api.use(authenticate(ctx));
  api.use('/me', meRoutes(ctx));
  api.use('/orgs', orgRoutes(ctx, ORG_DOMAINS));
  api.use(notFound);
  app.use('/api/v1', api);

  // Generated images and videos in the local media store, at the public URL the platforms fetch.
  if (ctx.mediaDir) app.use('/media', express.static(ctx.mediaDir, { fallthrough: false, index: false, dotfiles: 'deny' }));

  if (fs.existsSync(WEB_DIST)) {
    app.use(express.static(WEB_DIST, { index: 'index.html' }));
    // Client-side routes get the app; paths that look like files (a dot in the last segment) 404.
    app.get(/^\/(?!api\/)(?:[^.]*\/)*[^./]*$/, (_req, res) => res.sendFile('index.html', { root: WEB_DIST }));
  }
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
