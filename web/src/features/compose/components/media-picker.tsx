import { useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { messageOf } from '../../../lib/api-client.js';
import { useUploadMedia, type Media } from '../api/compose.js';

/** The post's own images and videos: uploaded at once (with progress), checked against the chosen platforms. */
export function MediaPicker({ orgId, platforms, media, onChange }: { orgId: string; platforms: string[]; media: Media[]; onChange: (media: Media[]) => void }) {
  const upload = useUploadMedia(orgId);
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; sent: number }>();
  const [error, setError] = useState<string>();

  async function send(files: FileList | null) {
    setError(undefined);
    const added: Media[] = [];
    for (const file of Array.from(files ?? [])) {
      setProgress({ name: file.name, sent: 0 });
      try {
        const answer = await upload.mutateAsync({ file, platforms, onProgress: (sent) => setProgress({ name: file.name, sent }) });
        added.push(answer.media);
      } catch (err) {
        setError(`${file.name}: ${messageOf(err)}`);
      }
    }
    setProgress(undefined);
    if (input.current) input.current.value = '';
    if (added.length) onChange([...media, ...added]);
  }

  return (
    <div className="media-picker">
      <label className="file-label">
        <span>Images and videos</span>
        <input ref={input} type="file" accept="image/*,video/*" multiple disabled={progress !== undefined} onChange={(e) => void send(e.currentTarget.files)} />
      </label>
      {progress && (
        <p role="status" className="upload-progress">
          <label>
            Uploading {progress.name}: {Math.round(progress.sent * 100)} %
            <progress max={1} value={progress.sent} />
          </label>
        </p>
      )}
      {error && <Alert>{error}</Alert>}
      {media.length > 0 && (
        <ul className="media-list" aria-label="Attached media">
          {media.map((m) => (
            <li key={m.id}>
              {m.kind === 'image' ? <img src={m.url} alt={m.altText ?? 'Uploaded image'} /> : <video src={m.url} muted aria-label="Uploaded video" />}
              <span className="meta">
                {m.kind} · {m.width}×{m.height}
                {m.durationSeconds ? ` · ${m.durationSeconds.toFixed(1)} s` : ''} · {Math.ceil(m.sizeBytes / 1024)} KB
              </span>
              <Button variant="link" aria-label={`Remove the ${m.kind} ${m.width}×${m.height}`} onPress={() => onChange(media.filter((x) => x.id !== m.id))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
