/**
 * How each platform counts the length of a text. They disagree: X weighs code points (twitter-text
 * v3), YouTube counts description bytes, most others count UTF-16 code units as their composers do.
 */

export type LengthCounting = 'x-weighted' | 'utf16' | 'code-points' | 'utf8-bytes';

/** twitter-text v3 configuration: weights are in hundredths of a character. */
const X_SCALE = 100;
const X_DEFAULT_WEIGHT = 200;
const X_URL_LENGTH = 23;
const X_LIGHT_RANGES: readonly [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

// Compiled at run time: the `v` flag (RGI_Emoji sequences) is newer than the compile target.
const EMOJI = new RegExp('\\p{RGI_Emoji}', 'gv');

const URL_TLDS = 'com|org|net|io|co|ai|dev|app|me|info|biz|edu|gov|tv|ly|gl|gg|xyz|de|uk|fr|es|it|nl|eu|us|ca|au|jp|ch|at|be|se|no|dk|fi|pl|br|in';
const URL = new RegExp(
  `(?:https?:\\/\\/[^\\s<>"]+|\\b(?:www\\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${URL_TLDS})\\b(?:\\/[^\\s<>"]*)?)`,
  'gi',
);
const TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/;

export interface TextSpan {
  start: number;
  end: number;
}

/** URLs as X auto-links them (with or without a scheme); trailing punctuation is not part of one. */
export function findUrls(text: string): (TextSpan & { url: string })[] {
  const spans: (TextSpan & { url: string })[] = [];
  for (const match of text.matchAll(URL)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const before = match.index === 0 ? '' : text[match.index - 1]!;
    if (before === '@' || before === '.' || /[\p{L}\p{N}_]/u.test(before)) continue;
    spans.push({ start: match.index, end: match.index + url.length, url });
  }
  return spans;
}

function xCodePointWeight(codePoint: number): number {
  return X_LIGHT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? X_SCALE : X_DEFAULT_WEIGHT;
}

/**
 * X's weighted length (twitter-text v3): NFC first; every URL counts 23; every emoji sequence
 * (flags, skin tones, ZWJ families) counts 2; code points in the light ranges (Latin, Greek,
 * Cyrillic, general punctuation...) count 1; everything else (CJK, other emoji) counts 2.
 */
export function xWeightedLength(raw: string): number {
  const text = raw.normalize('NFC');
  const skips = [
    ...findUrls(text).map((s) => ({ ...s, weight: X_URL_LENGTH * X_SCALE })),
    ...[...text.matchAll(EMOJI)].map((m) => ({ start: m.index, end: m.index + m[0].length, weight: X_DEFAULT_WEIGHT })),
  ].sort((a, b) => a.start - b.start);
  let weight = 0;
  let index = 0;
  for (const span of skips) {
    if (span.start < index) continue;
    weight += weighCodePoints(text.slice(index, span.start)) + span.weight;
    index = span.end;
  }
  weight += weighCodePoints(text.slice(index));
  return Math.ceil(weight / X_SCALE);
}

function weighCodePoints(text: string): number {
  let weight = 0;
  for (const char of text) weight += xCodePointWeight(char.codePointAt(0)!);
  return weight;
}

export function measureText(text: string, counting: LengthCounting): number {
  switch (counting) {
    case 'x-weighted':
      return xWeightedLength(text);
    case 'utf16':
      return text.length;
    case 'code-points':
      return [...text].length;
    case 'utf8-bytes':
      return new TextEncoder().encode(text).length;
  }
}

/** Characters as a person sees them (grapheme clusters). */
export function visibleLength(text: string): number {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;
}

export function countHashtags(text: string): number {
  return (text.match(/(^|[^\p{L}\p{N}_&/])#[\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*/gu) ?? []).length;
}

export function countMentions(text: string): number {
  return (text.match(/(^|[^\p{L}\p{N}_@.])@[A-Za-z0-9_.]+/gu) ?? []).length;
}
