import { describe, expect, it } from 'vitest';
import { validateDraft, xWeightedLength } from '../../../core/platform-rules/index.js';

const draft = (text: string, extra: Partial<Parameters<typeof validateDraft>[1]> = {}) => ({ text, hashtags: [], media: [], ...extra });

describe('X weighted length (twitter-text v3)', () => {
  it('counts Latin letters one each', () => {
    expect(xWeightedLength('hello world')).toBe(11);
  });

  it('counts any URL as 23, however long or short it is', () => {
    expect(xWeightedLength('see https://example.com/a/very/long/path/that/goes/on/and/on?x=1')).toBe(4 + 23);
    expect(xWeightedLength('see https://t.co')).toBe(4 + 23);
  });

  it('counts a bare domain as a URL too, without swallowing trailing punctuation', () => {
    expect(xWeightedLength('go to example.com.')).toBe(6 + 23 + 1);
  });

  it('does not take an e-mail address for a link', () => {
    expect(xWeightedLength('write to me@example.com')).toBe(23);
  });

  it('counts two links as 23 each', () => {
    expect(xWeightedLength('https://a.example/1 https://b.example/2')).toBe(23 + 1 + 23);
  });

  it('counts CJK characters two each', () => {
    expect(xWeightedLength('日本語')).toBe(6);
  });

  it('counts an emoji as 2, including skin-tone, flag and ZWJ family sequences', () => {
    expect(xWeightedLength('👍')).toBe(2);
    expect(xWeightedLength('👍🏽')).toBe(2);
    expect(xWeightedLength('🇩🇪')).toBe(2);
    expect(xWeightedLength('👨‍👩‍👧‍👦')).toBe(2);
  });

  it('normalises to NFC first, so a decomposed é counts 1 while an uncomposable combining mark adds 1', () => {
    expect(xWeightedLength('e\u0301')).toBe(1);
    expect(xWeightedLength('q\u0301')).toBe(2);
  });

  it('counts dashes and quotes (light ranges) as 1 but the ellipsis U+2026 (outside them) as 2', () => {
    expect(xWeightedLength('a—b“c”')).toBe(6);
    expect(xWeightedLength('a…')).toBe(3);
  });
});

describe('X post length limit', () => {
  it('accepts exactly 280 weighted characters', () => {
    expect(validateDraft('x', draft('a'.repeat(280)))).toEqual([]);
  });

  it('refuses 281 and says how X counts', () => {
    const problems = validateDraft('x', draft('a'.repeat(281)));
    expect(problems).toEqual([expect.objectContaining({ field: 'text' })]);
    expect(problems[0]!.message).toBe('X allows 280 characters (links count 23, emoji and CJK characters count 2); this post has 281.');
  });

  it('accepts 140 CJK characters and refuses 141', () => {
    expect(validateDraft('x', draft('字'.repeat(140)))).toEqual([]);
    expect(validateDraft('x', draft('字'.repeat(141)))).toHaveLength(1);
  });

  it('weighs a long URL as 23: 257 letters, a space... and a URL of 200 characters fits exactly', () => {
    const url = `https://example.com/${'p'.repeat(180)}`;
    expect(validateDraft('x', draft(`${'a'.repeat(256)} ${url}`))).toEqual([]);
    expect(validateDraft('x', draft(`${'a'.repeat(257)} ${url}`))).toHaveLength(1);
  });

  it('counts the link field inside the text, since X has no separate link', () => {
    expect(validateDraft('x', draft('a'.repeat(255), { link: 'https://example.com/x' }))).toEqual([]);
    expect(validateDraft('x', draft('a'.repeat(256), { link: 'https://example.com/x' }))).toHaveLength(1);
  });

  it('counts 140 emoji as exactly the limit and 141 as one over', () => {
    expect(validateDraft('x', draft('👍🏽'.repeat(140)))).toEqual([]);
    expect(validateDraft('x', draft('👍🏽'.repeat(141)))).toHaveLength(1);
  });

  it('refuses 5 images, and images mixed with a video', () => {
    const image = { kind: 'image' as const };
    expect(validateDraft('x', draft('hi', { media: [image, image, image, image] }))).toEqual([]);
    expect(validateDraft('x', draft('hi', { media: [image, image, image, image, image] }))[0]!.message).toContain('4 images');
    expect(validateDraft('x', draft('hi', { media: [image, { kind: 'video' }] }))[0]!.message).toContain('not both');
  });
});
