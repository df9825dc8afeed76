import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Image links in mails: `<mediaId>.<hmac>`, pointing at Herald rather than at a presigned storage
 * URL that expires (24 h by default) before a mail is read. They do not expire, and they reveal
 * only that one image; Herald signs a fresh storage URL each time one is opened.
 */
function mac(secret: string, mediaId: string): string {
  return createHmac('sha256', secret).update(`mail-image:${mediaId}`).digest('base64url');
}

export function mailImageToken(secret: string, mediaId: string): string {
  return `${mediaId}.${mac(secret, mediaId)}`;
}

export function readMailImageToken(secret: string, token: string): string | undefined {
  const [mediaId, signature, ...rest] = token.split('.');
  if (!mediaId || !signature || rest.length > 0 || !/^[0-9a-f-]{36}$/.test(mediaId)) return undefined;
  const expected = Buffer.from(mac(secret, mediaId));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return mediaId;
}
