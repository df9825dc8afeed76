/**
 * TikTok FILE_UPLOAD chunking: a video under 5 MB goes up whole; a larger one in chunks of
 * 5-64 MB, total_chunk_count = floor(size / chunk_size), the last chunk taking the remainder
 * (so it may reach 128 MB).
 */

const MB = 1024 * 1024;
export const MIN_CHUNK = 5 * MB;
export const MAX_CHUNK = 64 * MB;

export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

export function planChunks(videoSize: number, preferredChunk = 10 * MB): ChunkPlan {
  if (videoSize < MIN_CHUNK) return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
  const chunkSize = Math.min(Math.max(preferredChunk, MIN_CHUNK), MAX_CHUNK, videoSize);
  return { videoSize, chunkSize, totalChunkCount: Math.floor(videoSize / chunkSize) };
}

/** The byte range of chunk `index` (0-based) under a plan. */
export function chunkRange(plan: ChunkPlan, index: number): { first: number; last: number } {
  const first = index * plan.chunkSize;
  const last = index === plan.totalChunkCount - 1 ? plan.videoSize - 1 : first + plan.chunkSize - 1;
  return { first, last };
}

/** Regroups a stream of pieces into the plan's chunks (the remainder joins the last one). */
export async function* planPieces(plan: ChunkPlan, pieces: AsyncIterable<Buffer>): AsyncGenerator<{ index: number; bytes: Buffer }> {
  let index = 0;
  let carry: Buffer[] = [];
  let carried = 0;
  for await (const piece of pieces) {
    carry.push(piece);
    carried += piece.byteLength;
    const { first, last } = chunkRange(plan, index);
    const want = last - first + 1;
    if (index < plan.totalChunkCount - 1 && carried >= want) {
      const all = Buffer.concat(carry);
      yield { index, bytes: all.subarray(0, want) };
      index += 1;
      carry = [all.subarray(want)];
      carried = all.byteLength - want;
    }
  }
  if (carried > 0) yield { index, bytes: Buffer.concat(carry) };
}
