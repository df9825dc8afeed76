import { describe, expect, it } from 'vitest';
import { clipCaption, MAX_CAPTION_CHARS, shortVideoScript } from '../../core/video-script.js';

const visual = { prompt: 'A rustic sourdough loaf on a wooden board, morning light', altText: 'A sourdough loaf on a board' };

describe('the short video script made from a post', () => {
  it('has a hook, the point and the call to action, each over an image from the visual brief', () => {
    const script = shortVideoScript({
      copy: { text: 'Our sourdough rises for 36 hours. That is where the flavour comes from. Order yours today.', callToAction: 'Order yours today.' },
      visual,
    });
    expect(script.scenes.map((s) => s.caption)).toEqual(['Our sourdough rises for 36 hours.', 'That is where the flavour comes from.', 'Order yours today.']);
    expect(script.scenes.every((s) => s.imagePrompt.startsWith(visual.prompt))).toBe(true);
    expect(new Set(script.scenes.map((s) => s.imagePrompt)).size).toBe(3);
    expect(script.voiceOver).toBe('Our sourdough rises for 36 hours. That is where the flavour comes from. Order yours today.');
    expect(script.altText).toBe(visual.altText);
  });

  it('opens with the YouTube title when there is one', () => {
    const script = shortVideoScript({ copy: { text: 'Fresh bread every morning.', title: '36-hour sourdough', callToAction: 'Visit us' }, visual });
    expect(script.scenes.map((s) => s.caption)).toEqual(['36-hour sourdough', 'Fresh bread every morning.', 'Visit us']);
  });

  it('drops a scene that would repeat the one before it, so a one-line post makes a shorter video', () => {
    const script = shortVideoScript({ copy: { text: 'Order yours today!', callToAction: 'Order yours today' }, visual });
    expect(script.scenes.map((s) => s.caption)).toEqual(['Order yours today!']);
  });

  it('keeps captions short enough to read, cut at a word', () => {
    const long = 'Every single loaf we bake is shaped by hand before dawn by a team that has been doing this for decades in the same oven';
    const clipped = clipCaption(long);
    expect(clipped.length).toBeLessThanOrEqual(MAX_CAPTION_CHARS);
    expect(clipped.endsWith('…')).toBe(true);
    expect(long.startsWith(clipped.slice(0, -1))).toBe(true);
    expect(clipped.slice(0, -1)).not.toMatch(/\s$/);
    expect(clipCaption('short one')).toBe('short one');
  });
});
