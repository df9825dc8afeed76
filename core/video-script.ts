/**
 * The short vertical video Herald makes for TikTok and YouTube Shorts targets, scripted from the
 * post's own copy and visual brief: a hook, the point, the call to action; one generated image per
 * scene with its caption burnt in, and the copy read as the voice-over.
 */

export interface VideoScene {
  imagePrompt: string;
  caption: string;
}

export interface ShortVideoScript {
  scenes: VideoScene[];
  voiceOver: string;
  altText: string;
}

export interface ScriptSource {
  copy: { text: string; title?: string; callToAction: string };
  visual: { prompt: string; altText: string };
}

/** A caption must be readable in the 3 s a scene lasts: about four short lines. */
export const MAX_CAPTION_CHARS = 90;

/** Shortens at a word boundary, marking the cut. */
export function clipCaption(text: string, max = MAX_CAPTION_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.!?-]+$/, '')}…`;
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const sameWords = (a: string, b: string) => a.toLowerCase().replace(/\W+/g, '') === b.toLowerCase().replace(/\W+/g, '');

/**
 * Three scenes at most: the hook (the title, else the first sentence), the point (the sentences
 * after the hook that are not the call to action), the call to action. A scene repeating the one
 * before it is dropped, so a one-line post makes a shorter video, never a stutter.
 */
export function shortVideoScript({ copy, visual }: ScriptSource): ShortVideoScript {
  const sentences = sentencesOf(copy.text);
  const hook = copy.title?.trim() || sentences[0] || copy.callToAction;
  const point = sentences.filter((s) => !sameWords(s, hook) && !sameWords(s, copy.callToAction)).join(' ');
  const candidates: VideoScene[] = [
    { caption: clipCaption(hook), imagePrompt: visual.prompt },
    { caption: clipCaption(point), imagePrompt: `${visual.prompt} Close-up detail of the same subject.` },
    { caption: clipCaption(copy.callToAction), imagePrompt: `${visual.prompt} Wide shot, room at the bottom for a caption.` },
  ];
  const scenes = candidates.filter((scene, i) => scene.caption && !candidates.slice(0, i).some((earlier) => sameWords(earlier.caption, scene.caption)));
  return { scenes, voiceOver: copy.text.trim(), altText: visual.altText };
}
