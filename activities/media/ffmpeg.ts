import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** ffmpeg / ffprobe from the Debian `ffmpeg` package; errors name the command and its last output lines. */
export async function ffmpeg(ffmpegPath: string, args: string[]): Promise<void> {
  try {
    await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`ffmpeg is not installed (looked for "${ffmpegPath}"): apt-get install -y ffmpeg, or set FFMPEG_PATH.`);
    throw new Error(`ffmpeg failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}

export interface ProbedStream {
  codec_type: 'video' | 'audio';
  codec_name: string;
  width?: number;
  height?: number;
}

export interface Probe {
  durationSeconds: number;
  streams: ProbedStream[];
}

/** `timeoutMs` bounds a probe of a file a stranger sent (uploads); generated files need none. */
export async function ffprobe(ffprobePath: string, file: string, timeoutMs?: number): Promise<Probe> {
  const { stdout } = await run(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height', '-of', 'json', file], { timeout: timeoutMs });
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: ProbedStream[] };
  return { durationSeconds: Number(parsed.format.duration), streams: parsed.streams };
}
