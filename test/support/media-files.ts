import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Real files made by ffmpeg (a test pattern at a known size; videos last one second), so upload
 * tests meet what cameras and editors write, not hand-made headers.
 */
export function madeMedia(extension: string, size = '320x200', extra: string[] = []): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-media-file-'));
  const file = path.join(dir, `f.${extension}`);
  const video = ['mp4', 'mov', 'webm'].includes(extension);
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=10`, ...(video ? ['-t', '1'] : ['-frames:v', '1']), ...extra, file]);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
