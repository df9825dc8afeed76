/**
 * The names Herald gives stored media: `<orgId>/<kind>s/<id>.<ext>`, all ids UUIDs. The media store
 * reads, writes and serves only names of this shape, so no other file can be reached through it.
 * Generated media is JPEG or MP4; a person's uploads keep their own (sniffed) format.
 */
export type MediaKind = 'image' | 'video';

const EXTENSIONS: Record<MediaKind, readonly string[]> = { image: ['jpg', 'png', 'gif', 'webp'], video: ['mp4', 'mov', 'webm'] };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ISSUED_KEY = new RegExp(`^${UUID}/(?:images/${UUID}\\.(?:${EXTENSIONS.image.join('|')})|videos/${UUID}\\.(?:${EXTENSIONS.video.join('|')}))$`);

export function mediaKey(orgId: string, kind: MediaKind, id: string, extension = EXTENSIONS[kind][0]!): string {
  const key = `${orgId}/${kind}s/${id}.${extension}`;
  if (!isIssuedMediaKey(key)) throw new Error(`media keys are built from UUIDs and a ${kind} extension; got org "${orgId}", id "${id}", extension "${extension}"`);
  return key;
}

export function isIssuedMediaKey(key: string): boolean {
  return key.length <= 120 && ISSUED_KEY.test(key);
}
