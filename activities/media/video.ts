import fs from 'node:fs/promises';
import path from 'node:path';
import { SHORT_VIDEO } from '../../core/media-aspects.js';
import type { VideoScene } from '../../core/video-script.js';
import { ffmpeg } from './ffmpeg.js';
import type { Heartbeat } from './heartbeat.js';
import { renderImage, wrapLines, type ImageDeps } from './images.js';
import { synthesiseVoiceOver } from './speech.js';

export type { VideoScene };

export interface VideoRequest {
  orgId: string;
  scenes: VideoScene[];
  /** Read over the whole video (OpenAI text-to-speech); without it the audio track is silent. */
  voiceOver?: string;
}

/** A scene shorter than this cannot be read; the video lengthens to fit the voice-over, up to 60 s. */
const MIN_SCENE_SECONDS = 3;

function sceneSeconds(sceneCount: number, voiceSeconds: number): number {
  const wanted = Math.max(MIN_SCENE_SECONDS * sceneCount, voiceSeconds + 0.5);
  return Math.min(wanted, SHORT_VIDEO.maxSeconds) / sceneCount;
}

/** Each scene becomes one finished 1080x1920 frame (image fitted, caption burnt in), so the encode only repeats it. */
async function renderSceneFrame(deps: ImageDeps, image: string, caption: string, workDir: string, index: number): Promise<string> {
  const { width, height } = SHORT_VIDEO;
  const captionFile = path.join(workDir, `caption-${index}.txt`);
  await fs.writeFile(captionFile, wrapLines(caption, 26, 4));
  const fit = `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},setsar=1`;
  const draw = `drawtext=fontfile=${deps.config.captionFont}:textfile=${captionFile}:fontcolor=white:fontsize=60:line_spacing=14:box=1:boxcolor=black@0.55:boxborderw=24:x=(w-text_w)/2:y=h-text_h-260`;
  const frame = path.join(workDir, `scene-${index}.png`);
  await ffmpeg(deps.config.ffmpegPath, ['-i', image, '-vf', `${fit},${draw}`, '-frames:v', '1', frame]);
  return frame;
}

/**
 * A 9:16 H.264/AAC MP4 of at most 60 s for TikTok, YouTube Shorts and Reels: one generated image
 * per scene with its caption burnt in, over the voice-over (or silence). Heartbeats after each
 * image, the voice-over and the encode. Returns the finished file in `workDir`.
 */
export async function assembleVideoFile(deps: ImageDeps, request: VideoRequest, workDir: string, heartbeat: Heartbeat) {
  if (request.scenes.length === 0) throw new Error('A short video needs at least one scene.');
  const steps = request.scenes.length + 2;
  const images: string[] = [];
  let offlineMade = false;
  for (const [i, scene] of request.scenes.entries()) {
    const image = await renderImage(deps, { orgId: request.orgId, task: 'media.video_scene', prompt: scene.imagePrompt, headline: scene.caption, aspect: '9:16', workDir });
    images.push(image.file);
    offlineMade ||= image.offlineMade;
    heartbeat({ step: 'scene images', done: i + 1, of: steps });
  }
  const voice = request.voiceOver && deps.openai ? await synthesiseVoiceOver({ ...deps, openai: deps.openai }, { orgId: request.orgId, text: request.voiceOver, dir: workDir }) : undefined;
  heartbeat({ step: 'voice-over', done: request.scenes.length + 1, of: steps });

  const seconds = sceneSeconds(images.length, voice?.seconds ?? 0);
  const total = seconds * images.length;
  const inputs: string[] = [];
  const filters: string[] = [];
  for (const [i, image] of images.entries()) {
    const frame = await renderSceneFrame(deps, image, request.scenes[i]!.caption, workDir, i);
    // Decoded and converted once, then repeated: far cheaper than re-reading the PNG for every frame.
    const frames = Math.round(seconds * SHORT_VIDEO.fps);
    inputs.push('-i', frame);
    filters.push(`[${i}:v]format=yuv420p,setsar=1,loop=loop=${frames - 1}:size=1:start=0,setpts=N/${SHORT_VIDEO.fps}/TB[v${i}]`);
  }
  inputs.push(...(voice ? ['-i', voice.file] : ['-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=stereo']));
  const audioIndex = images.length;
  filters.push(`${images.map((_, i) => `[v${i}]`).join('')}concat=n=${images.length}:v=1:a=0[v]`, `[${audioIndex}:a]aresample=44100,apad[a]`);
  const output = path.join(workDir, 'short.mp4');
  await ffmpeg(deps.config.ffmpegPath, [
    ...inputs,
    '-filter_complex', filters.join(';'),
    '-map', '[v]', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', String(SHORT_VIDEO.fps),
    '-c:a', 'aac', '-b:a', '128k', '-ar', '44100',
    '-t', total.toFixed(3), '-movflags', '+faststart', output,
  ]);
  heartbeat({ step: 'encoded', done: steps, of: steps });
  return { file: output, seconds: total, offlineMade };
}
