import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { inZone } from '../../../lib/time.js';
import { useAccounts } from '../../accounts/api/accounts.js';
import { useAlerts, useBillingUsage, type BillingUsage } from '../api/today.js';

/** From this share of a plan limit or the AI budget on, Today warns. */
const WARN_AT = 0.8;

interface Notice {
  key: string;
  tone: 'good' | 'warn' | 'bad';
  title: string;
  body: string;
  link?: { to: string; label: string };
}

function usageNotices(billing: BillingUsage): Notice[] {
  const named: [keyof BillingUsage['usage'], string][] = [
    ['postsThisMonth', 'posts this month'],
    ['connectedAccounts', 'connected accounts'],
    ['seats', 'seats'],
  ];
  const quota = named.flatMap(([key, words]): Notice[] => {
    const u = billing.usage[key];
    if (!u || u.limit === null || u.limit === 0 || u.used < u.limit * WARN_AT) return [];
    return [{ key: `quota-${key}`, tone: u.used >= u.limit ? 'bad' : 'warn', title: `Plan limit: ${words}`, body: `${u.used} of ${u.limit} ${words} on ${billing.planLabel}.`, link: { to: '/billing', label: 'See billing' } }];
  });
  const ai = billing.usage.aiSpendUsd;
  const budget: Notice[] =
    ai && ai.limit && ai.used >= ai.limit * WARN_AT
      ? [{ key: 'ai-budget', tone: ai.used >= ai.limit ? 'bad' : 'warn', title: 'AI budget', body: `$${ai.used.toFixed(2)} of $${ai.limit.toFixed(2)} spent on writing this month.`, link: { to: '/billing', label: 'See billing' } }]
      : [];
  const notices = (billing.notices ?? []).map((body, i): Notice => ({ key: `notice-${i}`, tone: 'bad', title: 'Over a plan limit', body, link: { to: '/billing', label: 'See billing' } }));
  return [...notices, ...quota, ...budget];
}

/** What needs a look today: viral and under-performing posts, accounts to reconnect, plan limits and the AI budget. */
export function AlertsPanel({ orgId, timeZone }: { orgId: string; timeZone: string }) {
  const alerts = useAlerts(orgId);
  const accounts = useAccounts(orgId);
  const billing = useBillingUsage(orgId);
  const pending = alerts.isPending || accounts.isPending || billing.isPending;
  const errors = [alerts.error, accounts.error, billing.error].filter((e) => e !== null);

  const notices: Notice[] = [
    ...(accounts.data?.accounts ?? [])
      .filter((a) => a.status === 'needs_reconnect')
      .map((a): Notice => ({ key: `account-${a.id}`, tone: 'bad', title: `Reconnect ${a.platformLabel}`, body: `${a.displayName ?? 'This account'} stopped accepting posts; its posts fail until it is reconnected.`, link: { to: '/accounts', label: 'Reconnect' } })),
    ...(billing.data ? usageNotices(billing.data) : []),
    ...(alerts.data?.alerts ?? []).map(
      (a): Notice => ({
        key: a.id,
        tone: a.kind === 'viral' ? 'good' : 'warn',
        title: `${a.kind === 'viral' ? 'Going viral' : 'Under-performing'} · ${inZone(a.createdAt, timeZone)}`,
        body: a.subject,
        link: { to: `/posts/${a.postId}`, label: 'See the post' },
      }),
    ),
  ];

  return (
    <section aria-labelledby="alerts-heading" className="today-panel">
      <h2 id="alerts-heading">Alerts</h2>
      {pending && <p role="status">Checking for alerts…</p>}
      {errors.map((e) => (
        <Alert key={e.message}>{e.message}</Alert>
      ))}
      {!pending && errors.length === 0 && notices.length === 0 && <p className="empty">All quiet: no alerts, every account is connected, and you are within your plan.</p>}
      {notices.length > 0 && (
        <ul className="alert-list">
          {notices.map((n) => (
            <li key={n.key} className={`notice ${n.tone}`}>
              <strong>{n.title}</strong>
              <span>{n.body}</span>
              {n.link && <Link to={n.link.to}>{n.link.label}</Link>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
