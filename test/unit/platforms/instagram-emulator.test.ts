import { describe, expect, it } from 'vitest';
import { captionError, containerStatus, CONTAINER_TTL_MS, InstagramBook, type Container } from '../../../emulators/platforms/instagram-containers.js';
import { EmulatorState } from '../../../emulators/platforms/state.js';

const container = (over: Partial<Container> = {}): Container => ({
  id: '1', owner: 'o', kind: 'REELS', isCarouselItem: false, caption: '', children: [], createdAt: 0, readyAt: 500, ...over,
});

describe('Instagram emulator containers', () => {
  it('goes IN_PROGRESS -> FINISHED -> EXPIRED after 24 hours', () => {
    expect(containerStatus(container(), 100)).toBe('IN_PROGRESS');
    expect(containerStatus(container(), 500)).toBe('FINISHED');
    expect(containerStatus(container(), CONTAINER_TTL_MS + 1)).toBe('EXPIRED');
  });

  it('reports ERROR for unusable media and PUBLISHED once used, whatever the time', () => {
    expect(containerStatus(container({ error: 'bad' }), 100)).toBe('ERROR');
    expect(containerStatus(container({ publishedMediaId: '9' }), CONTAINER_TTL_MS * 2)).toBe('PUBLISHED');
  });

  it('refuses captions over 2200 characters, 30 hashtags or 20 mentions', () => {
    expect(captionError('a'.repeat(2200))).toBeUndefined();
    expect(captionError('a'.repeat(2201))?.error_user_msg).toContain('2200');
    expect(captionError(Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' '))?.error_user_msg).toContain('31 hashtags');
    expect(captionError(Array.from({ length: 21 }, (_, i) => `@u${i}`).join(' '))?.error_user_msg).toContain('21 accounts');
  });

  it('caps publishing at 50 posts per 24 hours by default, as the current reference says, also after a reset', () => {
    const book = new InstagramBook(new EmulatorState());
    expect(book.quotaTotal).toBe(50);
    book.quotaTotal = 3;
    book.clear();
    expect(book.quotaTotal).toBe(50);
  });
});
