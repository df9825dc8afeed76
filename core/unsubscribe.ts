import { createHmac, timingSafeEqual } from 'node:crypto';
import { EMAIL_CATEGORIES, type EmailCategory } from './email-preferences.js';

/**
 * One-click unsubscribe tokens: `<userId>.<category>.<hmac>`. They do not expire (a mail from
 * last year must still unsubscribe) and only ever turn a category off, so a leaked one can do
 * no more than that.
 */
function mac(secret: string, userId: string, category: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${userId}:${category}`).digest('base64url');
}

export function unsubscribeToken(secret: string, userId: string, category: EmailCategory): string {
  return `${userId}.${category}.${mac(secret, userId, category)}`;
}

export function readUnsubscribeToken(secret: string, token: string): { userId: string; category: EmailCategory } | undefined {
  const [userId, category, signature, ...rest] = token.split('.');
  if (!userId || !category || !signature || rest.length > 0) return undefined;
  if (!(EMAIL_CATEGORIES as readonly string[]).includes(category)) return undefined;
  const expected = Buffer.from(mac(secret, userId, category));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { userId, category: category as EmailCategory };
}
