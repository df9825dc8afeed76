import { describe, expect, it } from 'vitest';
import { chunkProblem, MB } from '../../../emulators/platforms/tiktok-publishes.js';
import { planChunks } from '../../../activities/platforms/tiktok/chunks.js';

describe('TikTok emulator chunk rules', () => {
  it('accepts every plan the adapter makes', () => {
    for (const size of [1, 5 * MB - 1, 5 * MB, 10 * MB, 63 * MB + 5, 700 * MB]) {
      const plan = planChunks(size);
      expect(chunkProblem({ video_size: size, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount })).toBeUndefined();
    }
  });

  it('refuses a small video split in chunks, a chunk over 64 MB and a wrong chunk count', () => {
    expect(chunkProblem({ video_size: 4 * MB, chunk_size: 2 * MB, total_chunk_count: 2 })).toMatch(/one chunk/);
    expect(chunkProblem({ video_size: 200 * MB, chunk_size: 65 * MB, total_chunk_count: 3 })).toMatch(/64 MB/);
    expect(chunkProblem({ video_size: 25 * MB, chunk_size: 10 * MB, total_chunk_count: 3 })).toMatch(/= 2/);
  });
});
