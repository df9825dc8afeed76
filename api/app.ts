import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { ApiContext } from './context.js';
import { errorHandler, notFound } from './errors.js';
import { mediaOrigins, requestId, securityHeaders } from './security-headers.js';
import { webAppPage } from './web-app.js';
import { checkServedHealth, publicHealth } from './health.js';
import { devRoutes } from './routes/dev.js';
import { emailLinkRoutes } from './routes/email-links.js';
import { meRoutes } from './routes/me.js';
import { opsRoutes } from './routes/ops.js';
import { orgRoutes } from './routes/orgs.js';
import { ORG_DOMAINS } from './routes/index.js';
import { authenticate } from './auth.js';
import { OPERATIONS, openApiDocument, referencePage } from './openapi.js';
import { jsonBodies } from './body-limits.js';
import { authRoutes } from './routes/auth.js';
import { supportRoutes } from './routes/support.js';
import { oauthCallbackRoutes } from './routes/accounts.js';
import { serveLocalMedia } from '../activities/media/store.js';
import { resendWebhookRoutes } from './routes/email-webhooks.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { mailImageRoutes } from './routes/mail-images.js';
import { stripeWebhookRoutes } from './routes/billing.js';

export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

/**
 * Client-side routes get the app; paths that look like files (a dot in the last segment) 404.
 * Plain string checks: a backtracking regex here let one long path freeze the event loop.
 */
export function isClientRoute(path: string): boolean {
  if (path === '/api' || path.startsWith('/api/')) return false;
  return !path.slice(path.lastIndexOf('/') + 1).includes('.');
}

export function createApp(ctx: ApiContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(ctx.config.apiUrl, mediaOrigins(ctx.ai?.media)));
  app.use(
    pinoHttp({
      logger: ctx.log,
      genReqId: requestId,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/livez' },
      // OAuth callbacks carry `code` and `state` in the query: log the path only.
      serializers: { req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }) },
    }),
  );
  // Signed over the raw bytes: mounted before JSON parsing.
  app.use('/api/v1/webhooks/resend', resendWebhookRoutes(ctx));
  // Stripe signs the raw bytes: its webhook reads the body itself, before the JSON parser.
  app.use('/api/v1/billing', stripeWebhookRoutes(ctx));
  // Each route's own limit (OPERATIONS' bodyLimit), small by default.
  app.use(jsonBodies(OPERATIONS));
  app.use(cookieParser());

  // Anyone may ask; the answer says only what is up. Operators read why at /api/v1/ops/health.
  const health: express.RequestHandler = async (_req, res) => {
    const report = await checkServedHealth(ctx);
    res.status(report.ok ? 200 : 503).json({ ...publicHealth(report), temporalUi: ctx.config.temporal.uiUrl });
  };
  app.get('/healthz', health);
  app.get('/livez', (_req, res) => void res.json({ ok: true }));
  // Approve / reject links from e-mails: the signed token is the credential, no bearer token.
  app.use('/email', emailLinkRoutes(ctx));

  const api = express.Router();
  api.get('/healthz', health);
  // Built on first request (not at start-up), then kept: the routes and their schemas do not change.
  let document: ReturnType<typeof openApiDocument> | undefined;
  let reference: string | undefined;
  api.get('/openapi.json', (_req, res) => void res.json((document ??= openApiDocument({ serverUrl: ctx.config.apiUrl }))));
  // A static page with no script at all: its own stylesheet inline is all it needs.
  api.get('/docs', (_req, res) => void res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'").type('html').send((reference ??= referencePage())));
  if (ctx.config.devRoutes) api.use('/dev', devRoutes(ctx));
  // Unsubscribe links come from a mail client; the signed token authenticates them.
  api.use('/email/unsubscribe', unsubscribeRoutes(ctx));
  // Images in mails, opened by a mail client with no sign-in; the signed token authenticates them.
  api.use('/email/media', mailImageRoutes(ctx));
  // OAuth callbacks come from the browser without a bearer token; the stored one-time state authenticates them.
  api.use('/oauth', oauthCallbackRoutes(ctx));
  // Sign-up, login and reset come before authentication; the ones that need a session check it.
  api.use('/auth', authRoutes(ctx));
  // Everything below needs a signed-in user; org routes check membership in orgAccess().
  api.use(authenticate(ctx));
  api.use('/me', meRoutes(ctx));
  api.use('/ops', opsRoutes(ctx));
  api.use('/support', supportRoutes(ctx));
  api.use('/orgs', orgRoutes(ctx, ORG_DOMAINS));
  api.use(notFound);
  app.use('/api/v1', api);

  // Generated images and videos in the local media store, at the public URL the platforms fetch.
  // Through the store's key check, never the folder itself: only keys the store issued are served.
  if (ctx.mediaDir) {
    const serveMedia = serveLocalMedia(ctx.mediaDir);
    app.use('/media', (req, res, next) => {
      if (req.method === 'GET' || req.method === 'HEAD') void serveMedia(req, res, req.path.slice(1));
      else next();
    });
  }

  if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    const page = webAppPage(WEB_DIST);
    // The page itself carries this answer's CSP nonce, so it is never served as a static file.
    const sendPage: express.RequestHandler = (req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !(req.path === '/index.html' || isClientRoute(req.path))) return next();
      res.set('cache-control', 'no-store').type('html').send(page(res.locals.cspNonce as string));
    };
    app.use(sendPage);
    app.use(express.static(WEB_DIST, { index: false }));
  }
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
