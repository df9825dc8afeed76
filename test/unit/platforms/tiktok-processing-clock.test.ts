import { describe, expect, it } from 'vitest';
import { EmulatorState } from '../../../emulators/platforms/state.js';
import { TikTokBook } from '../../../emulators/platforms/tiktok-publishes.js';

const MP4_HEAD = Buffer.from('\0\0\0\x18ftypmp42', 'latin1');

describe('TikTok emulator processing clock', () => {
  it('a video that finished uploading is not held in processing when a test turns the emulator clock back', () => {
    const state = new EmulatorState();
    const book = new TikTokBook(state);
    book.processingMs = 0;
    state.clockOffsetMs = 3_600_000;
    const publish = book.newPublish({ owner: 'creator-1', title: 'clip', privacyLevel: 'PUBLIC_TO_EVERYONE', source: 'FILE_UPLOAD', videoSize: 16, chunkSize: 16, totalChunks: 1 });
    publish.firstBytes = MP4_HEAD;
    book.complete(publish, 'creator_1');
    // An earlier test undoing its shift (or beforeEach's reset) moves the clock back an hour.
    state.clockOffsetMs = 0;
    expect(book.status(publish)).toMatchObject({ status: 'PUBLISH_COMPLETE' });
  });
});
