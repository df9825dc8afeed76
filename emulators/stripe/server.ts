import { createHmac, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * A local Stripe for tests and development: the part of Stripe's API Herald calls (customers,
 * Checkout Sessions in subscription mode, Customer Portal sessions, subscription retrieval),
 * in Stripe's wire format (form-encoded bodies, `Authorization: Bearer sk_test_...`, Stripe's
 * error JSON), and webhook events signed like Stripe signs them. The official SDK talks to it
 * through its host/port/protocol options.
 */
type Obj = Record<string, unknown> & { id: string };

export interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  livemode: false;
  api_version: string;
  data: { object: Obj };
}

export interface StripeEmulator {
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** Where events are sent (Herald's /api/v1/billing/webhook). */
  webhookUrl: string | undefined;
  customers: Map<string, Obj>;
  subscriptions: Map<string, Obj>;
  sessions: Map<string, Obj>;
  /** Pays a Checkout Session: creates its subscription and returns (unsent) checkout.session.completed and customer.subscription.created. */
  completeCheckout(sessionId: string, created?: number): { subscription: Obj; events: StripeEvent[] };
  /** Changes a subscription (price, status, cancel at period end) and returns the customer.subscription.updated event. */
  updateSubscription(id: string, changes: { price?: string; status?: string; cancelAtPeriodEnd?: boolean }, created?: number): StripeEvent;
  deleteSubscription(id: string, created?: number): StripeEvent;
  /** An invoice of the subscription, paid or failed, and its invoice.paid / invoice.payment_failed event. */
  invoice(subscriptionId: string, outcome: 'paid' | 'failed', created?: number): StripeEvent;
  event(type: string, object: Obj, created?: number): StripeEvent;
  /** Signs and posts an event to webhookUrl (again, if asked twice); answers Herald's status. */
  deliver(event: StripeEvent, options?: { secret?: string }): Promise<number>;
  signature(payload: string, secret?: string, timestamp?: number): string;
  close(): Promise<void>;
}

const newId = (prefix: string) => `${prefix}_test_${randomBytes(8).toString('hex')}`;
const nowSec = () => Math.floor(Date.now() / 1000);
const MONTH_SEC = 30 * 86_400;

function stripeError(res: Response, status: number, message: string, extra: Record<string, string> = {}) {
  res.status(status).json({ error: { type: 'invalid_request_error', message, ...extra } });
}

export async function startStripeEmulator(options: { port?: number; secretKey?: string; webhookSecret?: string; webhookUrl?: string } = {}): Promise<StripeEmulator> {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(12).toString('hex')}`;
  const customers = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  let url = '';

  const app = express();
  app.use(express.urlencoded({ extended: true }));
  app.use(express.json());

  const authorized = (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    if (header !== `Bearer ${secretKey}`) {
      stripeError(res, 401, `Invalid API Key provided: ${header.replace(/^Bearer /, '').slice(0, 12)}...`);
      return;
    }
    next();
  };
  const found = (map: Map<string, Obj>, kind: string, req: Request, res: Response): Obj | undefined => {
    const item = map.get(String(req.params.id));
    if (!item) stripeError(res, 404, `No such ${kind}: '${String(req.params.id)}'`, { code: 'resource_missing', param: 'id' });
    return item;
  };
  const required = (res: Response, body: Record<string, unknown>, ...params: string[]): boolean => {
    const missing = params.find((p) => !body[p]);
    if (missing) stripeError(res, 400, `Missing required param: ${missing}.`, { code: 'parameter_missing', param: missing });
    return !missing;
  };

  app.post('/v1/customers', authorized, (req, res) => {
    const body = req.body as Record<string, unknown>;
    const customer: Obj = { id: newId('cus'), object: 'customer', created: nowSec(), email: body.email ?? null, name: body.name ?? null, metadata: body.metadata ?? {}, livemode: false };
    customers.set(customer.id, customer);
    res.json(customer);
  });
  app.get('/v1/customers/:id', authorized, (req, res) => {
    const customer = found(customers, 'customer', req, res);
    if (customer) res.json(customer);
  });

  app.post('/v1/checkout/sessions', authorized, (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (!required(res, body, 'mode', 'success_url', 'line_items')) return;
    if (body.mode !== 'subscription') return stripeError(res, 400, 'This emulator supports mode=subscription only.', { param: 'mode' });
    if (body.customer && !customers.has(String(body.customer))) return stripeError(res, 400, `No such customer: '${String(body.customer)}'`, { code: 'resource_missing', param: 'customer' });
    const lineItems = body.line_items as { price?: string; quantity?: string }[];
    if (!lineItems[0]?.price) return stripeError(res, 400, 'Missing required param: line_items[0][price].', { code: 'parameter_missing', param: 'line_items[0][price]' });
    const id = newId('cs');
    const subscriptionData = (body.subscription_data ?? {}) as { metadata?: Record<string, string> };
    const session: Obj = {
      id,
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      customer: body.customer ?? null,
      client_reference_id: body.client_reference_id ?? null,
      metadata: body.metadata ?? {},
      subscription: null,
      success_url: body.success_url,
      cancel_url: body.cancel_url ?? null,
      url: `${url}/checkout/${id}`,
      line_items_price: lineItems[0].price,
      subscription_metadata: subscriptionData.metadata ?? {},
      created: nowSec(),
      livemode: false,
    };
    sessions.set(id, session);
    res.json(session);
  });
  app.get('/v1/checkout/sessions/:id', authorized, (req, res) => {
    const session = found(sessions, 'checkout.session', req, res);
    if (session) res.json(session);
  });

  app.post('/v1/billing_portal/sessions', authorized, (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (!required(res, body, 'customer')) return;
    if (!customers.has(String(body.customer))) return stripeError(res, 400, `No such customer: '${String(body.customer)}'`, { code: 'resource_missing', param: 'customer' });
    const id = newId('bps');
    res.json({ id, object: 'billing_portal.session', customer: body.customer, return_url: body.return_url ?? null, url: `${url}/portal/${id}`, created: nowSec(), livemode: false });
  });

  app.get('/v1/subscriptions/:id', authorized, (req, res) => {
    const subscription = found(subscriptions, 'subscription', req, res);
    if (subscription) res.json(subscription);
  });

  // For a person trying Herald against the emulator: opening the Checkout URL pays it at once.
  app.get('/checkout/:id', async (req, res) => {
    const session = sessions.get(String(req.params.id));
    if (!session) return void res.status(404).send('No such Checkout Session');
    for (const event of emulator.completeCheckout(session.id).events) await emulator.deliver(event);
    res.redirect(String(session.success_url));
  });
  app.get('/portal/:id', (_req, res) => void res.type('html').send('<!doctype html><p>Stripe emulator: the Customer Portal would be here.</p>'));
  app.use((req, res) => stripeError(res, 404, `Unrecognized request URL (${req.method}: ${req.path}).`));

  function subscriptionItem(price: string, start: number) {
    return { object: 'list', data: [{ id: newId('si'), object: 'subscription_item', price: { id: price, object: 'price' }, quantity: 1, current_period_start: start, current_period_end: start + MONTH_SEC }] };
  }

  const emulator: StripeEmulator = {
    url: '',
    secretKey,
    webhookSecret,
    webhookUrl: options.webhookUrl,
    customers,
    subscriptions,
    sessions,
    event(type, object, created = nowSec()) {
      return { id: newId('evt'), object: 'event', type, created, livemode: false, api_version: '2026-10-28.endive', data: { object: structuredClone(object) } };
    },
    completeCheckout(sessionId, created = nowSec()) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`No such Checkout Session ${sessionId}`);
      const customer = (session.customer as string | null) ?? newId('cus');
      if (!customers.has(customer)) customers.set(customer, { id: customer, object: 'customer', created, metadata: {} });
      const subscription: Obj = {
        id: newId('sub'),
        object: 'subscription',
        customer,
        status: 'active',
        cancel_at_period_end: false,
        created,
        metadata: session.subscription_metadata ?? {},
        items: subscriptionItem(String(session.line_items_price), created),
      };
      subscriptions.set(subscription.id, subscription);
      Object.assign(session, { status: 'complete', customer, subscription: subscription.id });
      return { subscription, events: [emulator.event('checkout.session.completed', session, created), emulator.event('customer.subscription.created', subscription, created)] };
    },
    updateSubscription(id, changes, created = nowSec()) {
      const subscription = subscriptions.get(id);
      if (!subscription) throw new Error(`No such subscription ${id}`);
      if (changes.price) subscription.items = subscriptionItem(changes.price, created);
      if (changes.status) subscription.status = changes.status;
      if (changes.cancelAtPeriodEnd !== undefined) subscription.cancel_at_period_end = changes.cancelAtPeriodEnd;
      return emulator.event('customer.subscription.updated', subscription, created);
    },
    deleteSubscription(id, created = nowSec()) {
      const subscription = subscriptions.get(id);
      if (!subscription) throw new Error(`No such subscription ${id}`);
      Object.assign(subscription, { status: 'canceled', canceled_at: created, ended_at: created });
      return emulator.event('customer.subscription.deleted', subscription, created);
    },
    invoice(subscriptionId, outcome, created = nowSec()) {
      const subscription = subscriptions.get(subscriptionId);
      if (!subscription) throw new Error(`No such subscription ${subscriptionId}`);
      const invoice: Obj = {
        id: newId('in'),
        object: 'invoice',
        customer: subscription.customer,
        status: outcome === 'paid' ? 'paid' : 'open',
        attempted: true,
        parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: subscription.metadata } },
        created,
      };
      return emulator.event(outcome === 'paid' ? 'invoice.paid' : 'invoice.payment_failed', invoice, created);
    },
    signature(payload, secret = webhookSecret, timestamp = nowSec()) {
      const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
      return `t=${timestamp},v1=${v1}`;
    },
    async deliver(event, deliverOptions = {}) {
      if (!emulator.webhookUrl) throw new Error('Set the emulator webhookUrl before delivering events.');
      const payload = JSON.stringify(event, null, 2);
      const res = await fetch(emulator.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': emulator.signature(payload, deliverOptions.secret) },
        body: payload,
      });
      await res.arrayBuffer();
      return res.status;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emulator.url = url;
  return emulator;
}
