/**
 * The names Herald gives stored media: `<orgId>/<kind>s/<id>.<ext>`, all ids UUIDs. The media store
 * reads, writes and serves only names of this shape, so no other file can be reached through it.
 */
export type MediaKind = 'image' | 'video';

const EXTENSION: Record<MediaKind, string> = { image: 'jpg', video: 'mp4' };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ISSUED_KEY = new RegExp(`^${UUID}/(?:images/${UUID}\\.jpg|videos/${UUID}\\.mp4)$`);

export function mediaKey(orgId: string, kind: MediaKind, id: string): string {
  const key = `${orgId}/${kind}s/${id}.${EXTENSION[kind]}`;
  if (!isIssuedMediaKey(key)) throw new Error(`media keys are built from UUIDs; got org "${orgId}", id "${id}"`);
  return key;
}

export function isIssuedMediaKey(key: string): boolean {
  return key.length <= 120 && ISSUED_KEY.test(key);
}
