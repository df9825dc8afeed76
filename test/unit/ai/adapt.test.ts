import { describe, expect, it } from 'vitest';
import { adaptPostOffline } from '../../../activities/agents/content/adapt.js';
import { validateDraft } from '../../../core/platform-rules/index.js';
import { PLATFORMS } from '../../../core/platforms.js';
import { bakeryProfile } from '../../support/ai.js';

const text =
  'Our bakery turns ten this Saturday! We bake every loaf by hand from organic flour, and we want to thank every neighbour who came by over the years. ' +
  'There will be music in the courtyard, a raffle for a year of bread and a table of samples from our new rye. <Free entry> for everyone. Join us for coffee and cake from 9am.';

describe('Adapt with AI without an LLM key (the offline editor)', () => {
  it('keeps the person\'s own words and trims each platform\'s version until the platform takes it', () => {
    const adapted = adaptPostOffline({ profile: bakeryProfile, platforms: [...PLATFORMS], text, hashtags: ['bakery', 'birthday', 'organic', 'local', 'coffee', 'cake', 'bread'] });
    for (const copy of adapted.variants) {
      expect({ platform: copy.platform, problems: validateDraft(copy.platform, { ...copy, media: [] }).filter((p) => p.field !== 'media' && p.field !== 'privacyLevel') }).toEqual({ platform: copy.platform, problems: [] });
      expect(copy.platform === 'youtube' ? text.replace(/[<>]/g, '') : text).toContain(copy.text.replace(/…$/, ''));
    }
    const byPlatform = Object.fromEntries(adapted.variants.map((v) => [v.platform, v]));
    expect(byPlatform.linkedin!.text).toBe(text);
    // X keeps the opening sentences that fit in 280, whole.
    expect(text.startsWith(byPlatform.x!.text)).toBe(true);
    expect(byPlatform.x!.text).toMatch(/new rye\.$/);
    expect(byPlatform.x!.hashtags).toEqual(['bakery', 'birthday']);
    expect(byPlatform.youtube).toMatchObject({ title: 'Our bakery turns ten this Saturday!' });
    expect(byPlatform.youtube!.text).not.toMatch(/[<>]/);
  });

  it('cuts a single long sentence at a word, never mid-word', () => {
    const sentence = `${'Sourdough '.repeat(40).trim()}`;
    const [x] = adaptPostOffline({ profile: bakeryProfile, platforms: ['x'], text: sentence, hashtags: [] }).variants;
    expect(x!.text).toMatch(/^(Sourdough )+Sourdough…$/);
    expect(validateDraft('x', { ...x!, media: [] })).toEqual([]);
  });
});
