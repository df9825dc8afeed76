import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isIssuedMediaKey, mediaKey } from '../../core/media-keys.js';

describe('media keys', () => {
  it('names stored media <orgId>/<kind>s/<uuid>.<ext>, and only such names count as issued', () => {
    const org = randomUUID();
    const image = mediaKey(org, 'image', randomUUID());
    const video = mediaKey(org, 'video', randomUUID());
    expect(image).toMatch(new RegExp(`^${org}/images/[0-9a-f-]{36}\\.jpg$`));
    expect(video).toMatch(/\/videos\/[0-9a-f-]{36}\.mp4$/);
    expect([image, video].every(isIssuedMediaKey)).toBe(true);
  });

  it('refuses anything else: other folders, extensions, traversal, absolute paths', () => {
    const org = randomUUID();
    const id = randomUUID();
    for (const key of [`${org}/images/${id}.mp4`, `${org}/images/${id}.jpg.bak`, `org1/images/a.jpg`, `../${org}/images/${id}.jpg`, `/${org}/images/${id}.jpg`, `${org}/images/../${id}.jpg`, 'notes.txt', '']) {
      expect({ key, issued: isIssuedMediaKey(key) }).toEqual({ key, issued: false });
    }
    expect(() => mediaKey('org1', 'image', id)).toThrow(/media keys are built from UUIDs/);
  });
});
