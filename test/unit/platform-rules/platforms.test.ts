import { describe, expect, it } from 'vitest';
import { composeText, publishedText, validateDraft, type ContentDraft } from '../../../core/platform-rules/index.js';

const draft = (extra: Partial<ContentDraft> = {}): ContentDraft => ({ text: 'hello', hashtags: [], media: [], ...extra });
const photo = { kind: 'image' as const, width: 1080, height: 1080 };
const igDraft = (extra: Partial<ContentDraft> = {}) => draft({ media: [photo], ...extra });
const video = (extra: Partial<ContentDraft['media'][number]> = {}) => ({ kind: 'video' as const, width: 1080, height: 1920, durationSeconds: 30, ...extra });
const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag${i}`);

describe('Instagram caption rules', () => {
  it('accepts 30 hashtags and refuses 31 with a readable message', () => {
    expect(validateDraft('instagram', igDraft({ hashtags: tags(30) }))).toEqual([]);
    expect(validateDraft('instagram', igDraft({ hashtags: tags(31) }))).toEqual([
      { field: 'hashtags', message: 'Instagram allows 30 hashtags; this post has 31.' },
    ]);
  });

  it('accepts 20 @-mentions and refuses 21', () => {
    const mentions = (n: number) => Array.from({ length: n }, (_, i) => `@user${i}`).join(' ');
    expect(validateDraft('instagram', igDraft({ text: mentions(20) }))).toEqual([]);
    expect(validateDraft('instagram', igDraft({ text: mentions(21) }))[0]!.message).toContain('20 @-mentions');
  });

  it('does not take an e-mail address for a mention', () => {
    expect(validateDraft('instagram', igDraft({ text: `${'x '.repeat(10)}${Array.from({ length: 20 }, (_, i) => `@u${i}`).join(' ')} me@example.com` }))).toEqual([]);
  });

  it('accepts 2,200 characters and refuses 2,201, counting an emoji as 2 UTF-16 units', () => {
    expect(validateDraft('instagram', igDraft({ text: 'a'.repeat(2200) }))).toEqual([]);
    expect(validateDraft('instagram', igDraft({ text: 'a'.repeat(2201) }))).toHaveLength(1);
    expect(validateDraft('instagram', igDraft({ text: `${'a'.repeat(2198)}😀` }))).toEqual([]);
    expect(validateDraft('instagram', igDraft({ text: `${'a'.repeat(2199)}😀` }))).toHaveLength(1);
  });

  it('needs at least one image or video', () => {
    expect(validateDraft('instagram', draft())).toEqual([{ field: 'media', message: 'Instagram posts need at least one image or video.' }]);
  });

  it('accepts 4:5 and 1.91:1 images and refuses 9:16 for a feed image', () => {
    const image = (width: number, height: number) => ({ kind: 'image' as const, width, height });
    expect(validateDraft('instagram', igDraft({ media: [image(1080, 1350), image(1910, 1000)] }))).toEqual([]);
    expect(validateDraft('instagram', igDraft({ media: [image(1080, 1920)] }))[0]!.message).toBe(
      'Instagram images must be between 4:5 to 1.91:1; image 1 is 0.56:1.',
    );
  });
});

describe('YouTube rules', () => {
  const base = () => draft({ title: 'A title', media: [video()] });

  it('needs a title and a video', () => {
    const problems = validateDraft('youtube', draft());
    expect(problems.map((p) => p.field).sort()).toEqual(['media', 'title']);
  });

  it('accepts a 100-character title and refuses 101, counting an emoji as one character', () => {
    expect(validateDraft('youtube', { ...base(), title: 't'.repeat(100) })).toEqual([]);
    expect(validateDraft('youtube', { ...base(), title: `${'t'.repeat(99)}🎬` })).toEqual([]);
    expect(validateDraft('youtube', { ...base(), title: 't'.repeat(101) })[0]!.message).toBe('YouTube titles allow 100 characters; this one has 101.');
  });

  it('counts the 5,000 description limit in bytes, so a multi-byte character weighs more', () => {
    expect(validateDraft('youtube', { ...base(), text: 'a'.repeat(5000) })).toEqual([]);
    expect(validateDraft('youtube', { ...base(), text: 'é'.repeat(2500) })).toEqual([]);
    expect(validateDraft('youtube', { ...base(), text: 'é'.repeat(2501) })[0]!.message).toContain('5000 bytes');
  });

  it('refuses angle brackets in the title', () => {
    expect(validateDraft('youtube', { ...base(), title: 'a <b> title' })[0]!.message).toContain('"<"');
  });
});

describe('TikTok rules', () => {
  const options = { privacyLevelOptions: ['SELF_ONLY', 'MUTUAL_FOLLOW_FRIENDS'], maxVideoDurationSec: 60 };

  it('needs a video and a privacy level chosen by the user', () => {
    const problems = validateDraft('tiktok', draft(), options);
    expect(problems.map((p) => p.field).sort()).toEqual(['media', 'privacyLevel']);
  });

  it('refuses a privacy level the creator does not offer, naming the ones it does', () => {
    const problems = validateDraft('tiktok', draft({ media: [video()], privacyLevel: 'PUBLIC_TO_EVERYONE' }), options);
    expect(problems).toEqual([
      { field: 'privacyLevel', message: 'This TikTok account offers SELF_ONLY, MUTUAL_FOLLOW_FRIENDS; "PUBLIC_TO_EVERYONE" is not one of them.' },
    ]);
  });

  it('takes the creator\'s maximum duration: 60 s passes, 61 s fails', () => {
    expect(validateDraft('tiktok', draft({ media: [video({ durationSeconds: 60 })], privacyLevel: 'SELF_ONLY' }), options)).toEqual([]);
    expect(validateDraft('tiktok', draft({ media: [video({ durationSeconds: 61 })], privacyLevel: 'SELF_ONLY' }), options)).toHaveLength(1);
  });

  it('counts 2,200 UTF-16 units for the caption', () => {
    const ok = draft({ text: 'a'.repeat(2200), media: [video()], privacyLevel: 'SELF_ONLY' });
    expect(validateDraft('tiktok', ok, options)).toEqual([]);
    expect(validateDraft('tiktok', { ...ok, text: 'a'.repeat(2201) }, options)).toHaveLength(1);
  });
});

describe('LinkedIn and Facebook rules', () => {
  it('LinkedIn accepts 3,000 characters and refuses 3,001', () => {
    expect(validateDraft('linkedin', draft({ text: 'a'.repeat(3000) }))).toEqual([]);
    expect(validateDraft('linkedin', draft({ text: 'a'.repeat(3001) }))[0]!.message).toBe('LinkedIn allows 3000 characters; this post has 3001.');
  });

  it('LinkedIn keeps the link out of the commentary, so it does not count there', () => {
    expect(validateDraft('linkedin', draft({ text: 'a'.repeat(3000), link: 'https://example.com' }))).toEqual([]);
    expect(publishedText('linkedin', { text: 'a', hashtags: [], link: 'https://example.com' })).toBe('a');
  });

  it('LinkedIn and Facebook put the link in the text when the post has media, since a link post cannot carry media', () => {
    const withImage = { text: 'a', hashtags: [], link: 'https://example.com', media: [{ kind: 'image' as const }] };
    expect(publishedText('linkedin', withImage)).toBe('a\n\nhttps://example.com');
    expect(publishedText('facebook', withImage)).toBe('a\n\nhttps://example.com');
    expect(validateDraft('linkedin', draft({ text: 'a'.repeat(2990), link: 'https://example.com', media: withImage.media }))[0]?.field).toBe('text');
  });

  it('LinkedIn refuses a video that is too short', () => {
    expect(validateDraft('linkedin', draft({ media: [video({ durationSeconds: 2, width: 1920, height: 1080 })] }))[0]!.message).toContain('at least 3 s');
  });

  it('Facebook accepts 63,206 characters and refuses 63,207', () => {
    expect(validateDraft('facebook', draft({ text: 'a'.repeat(63206) }))).toEqual([]);
    expect(validateDraft('facebook', draft({ text: 'a'.repeat(63207) }))).toHaveLength(1);
  });

  it('Facebook refuses a video wider than 16:9', () => {
    expect(validateDraft('facebook', draft({ media: [video({ width: 2560, height: 1080 })] }))[0]!.message).toContain('9:16 to 16:9');
  });

  it('refuses a link that is not a full http(s) address', () => {
    expect(validateDraft('facebook', draft({ link: 'example.com' }))[0]!.field).toBe('link');
  });
});

describe('composeText', () => {
  it('appends hashtags with a # whether or not the draft has one', () => {
    expect(composeText({ text: 'Hi', hashtags: ['a', '#b'] })).toBe('Hi\n\n#a #b');
  });
});
