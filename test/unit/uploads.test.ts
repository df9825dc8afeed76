import { describe, expect, it } from 'vitest';
import { madeMedia as made } from '../support/media-files.js';
import { imageSize, sniffFormat, uploadProblems, UPLOAD_FORMATS, type UploadFormat } from '../../core/uploads.js';

describe('upload sniffing', () => {
  it('knows each format by its bytes and reads image sizes from the header', () => {
    const samples: Record<UploadFormat, Buffer> = {
      jpeg: made('jpg'),
      png: made('png'),
      gif: made('gif'),
      webp: made('webp'),
      mp4: made('mp4', '320x200', ['-pix_fmt', 'yuv420p']),
      mov: made('mov'),
      webm: made('webm'),
    };
    for (const format of UPLOAD_FORMATS) {
      expect({ format, sniffed: sniffFormat(samples[format]) }).toEqual({ format, sniffed: format });
    }
    for (const format of ['jpeg', 'png', 'gif', 'webp'] as const) {
      expect({ format, size: imageSize(samples[format], format) }).toEqual({ format, size: { width: 320, height: 200 } });
    }
  });

  it('does not take a script, an HTML page or an SVG, whatever the caller calls them', () => {
    for (const text of ['#!/bin/sh\nrm -rf /', '<html><script>alert(1)</script></html>', '<svg xmlns="http://www.w3.org/2000/svg"/>', '']) {
      expect(sniffFormat(Buffer.from(text))).toBeUndefined();
    }
  });
});

describe('platform upload rules', () => {
  it('say what to use instead when a platform does not take the file', () => {
    expect(uploadProblems('instagram', { format: 'png', sizeBytes: 1000 })).toEqual(['Instagram does not take PNG images; use JPEG.']);
    expect(uploadProblems('tiktok', { format: 'jpeg', sizeBytes: 1000 })).toEqual(['TikTok takes video only; this file is a JPEG image.']);
    expect(uploadProblems('x', { format: 'jpeg', sizeBytes: 6 * 1024 * 1024 })).toEqual(['X takes images up to 5 MB; this one is 6 MB.']);
    expect(uploadProblems('linkedin', { format: 'webm', sizeBytes: 1000 })).toEqual(['LinkedIn does not take WEBM videos; use MP4.']);
    expect(uploadProblems('facebook', { format: 'jpeg', sizeBytes: 9 * 1024 * 1024 })).toEqual([]);
  });
});
