import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_MARGIN, titleCard } from '../../../activities/media/images.js';
import { ASPECT_RECIPES, ASPECTS } from '../../../core/media-aspects.js';

const run = promisify(execFile);
const config = { ffmpegPath: 'ffmpeg', captionFont: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' };
const brand = { background: '#0B4F6C', text: '#FFFFFF', accent: '#F4D35E' };
let dir: string;
let logoFile: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'herald-card-test-'));
  logoFile = path.join(dir, 'logo.png');
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=300x120', '-frames:v', '1', logoFile]);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** The rendered card as RGB pixels. */
async function pixels(file: string) {
  const { stdout } = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return stdout as unknown as Buffer;
}

/** The bounding box of the pixels that pass `match`. */
function boxOf(rgb: Buffer, width: number, height: number, match: (r: number, g: number, b: number) => boolean) {
  const box = { left: width, top: height, right: -1, bottom: -1 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (!match(rgb[i]!, rgb[i + 1]!, rgb[i + 2]!)) continue;
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
  }
  return box;
}

const white = (r: number, g: number, b: number) => r > 200 && g > 200 && b > 200;
const red = (r: number, g: number, b: number) => r > 180 && g < 80 && b < 80;

const HEADLINES = [
  'Quick tip on getting started with surfing: start with the basics and build from there.',
  'Internationalisation-ready WWWWWWWWWWWWWWWWWWWWWWWWWW headline with an unbreakable word',
];

describe.each(ASPECTS)('an offline title card at %s', (aspect) => {
  const { width, height } = ASPECT_RECIPES[aspect];
  const margin = Math.round(Math.min(width, height) * CARD_MARGIN);

  it.each(HEADLINES)('keeps the headline inside the safe margins: "%s"', async (headline) => {
    const file = path.join(dir, `${aspect.replace(':', 'x')}-${headline.length}.jpg`);
    await titleCard(config, headline, aspect, file, { ...brand, logoFile });
    const rgb = await pixels(file);
    expect(rgb.length).toBe(width * height * 3);

    const text = boxOf(rgb, width, height, white);
    expect(text.right, 'no headline drawn').toBeGreaterThan(text.left);
    expect(text.left).toBeGreaterThanOrEqual(margin);
    expect(text.top).toBeGreaterThanOrEqual(margin);
    expect(width - 1 - text.right).toBeGreaterThanOrEqual(margin);
    expect(height - 1 - text.bottom).toBeGreaterThanOrEqual(margin);
    // Large enough to read: the text spans at least half the safe width.
    expect(text.right - text.left).toBeGreaterThan((width - 2 * margin) / 2);

    const logo = boxOf(rgb, width, height, red);
    expect(logo.right, 'no logo drawn').toBeGreaterThan(logo.left);
    expect(width - 1 - logo.right).toBeGreaterThanOrEqual(margin - 2);
    expect(height - 1 - logo.bottom).toBeGreaterThanOrEqual(margin - 2);
    expect(logo.top, 'the logo overlaps the headline').toBeGreaterThan(text.bottom);

    // The brand's colour is the background.
    expect([rgb[0], rgb[1], rgb[2]].map((c) => Math.round(c! / 16))).toEqual([0x0b, 0x4f, 0x6c].map((c) => Math.round(c / 16)));
  });
});
