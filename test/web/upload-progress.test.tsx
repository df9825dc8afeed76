import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Media } from '../../web/src/features/compose/api/compose.js';
import { MediaPicker } from '../../web/src/features/compose/components/media-picker.js';

/**
 * Compose's upload shows how much of the file has gone: the browser's XMLHttpRequest (the only
 * request API that reports upload progress) is replaced by one the test moves forward by hand.
 */
const ORG = '11111111-1111-4111-8111-111111111111';
const IMAGE: Media = {
  id: '22222222-2222-4222-8222-222222222222',
  kind: 'image',
  mimeType: 'image/jpeg',
  width: 1200,
  height: 800,
  durationSeconds: null,
  sizeBytes: 40_960,
  altText: null,
  url: '/media/rye.jpg',
  createdAt: '2026-12-03T09:00:00.000Z',
} as Media;

/** An upload in flight: the test reports bytes sent and then the server's answer. */
class UploadInFlight {
  static all: UploadInFlight[] = [];
  readonly upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  readonly headers: Record<string, string> = {};
  method = '';
  url = '';
  body: unknown;
  status = 0;
  responseText = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader() {
    return null;
  }
  send(body: unknown) {
    this.body = body;
    UploadInFlight.all.push(this);
  }
  abort() {
    this.onabort?.();
  }
  sent(loaded: number, total: number) {
    act(() => this.upload.onprogress?.({ lengthComputable: true, loaded, total }));
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    act(() => this.onload?.());
  }
}

/** A loaded machine renders slowly: wait generously. */
const LOADED = { timeout: 15_000 };

function Picker() {
  const [media, setMedia] = useState<Media[]>([]);
  return <MediaPicker orgId={ORG} platforms={['x', 'linkedin']} media={media} onChange={setMedia} />;
}

function renderPicker() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Picker />
    </QueryClientProvider>,
  );
}

describe('compose upload progress', () => {
  beforeEach(() => {
    UploadInFlight.all = [];
    vi.stubGlobal('XMLHttpRequest', UploadInFlight);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows the share of the file sent while it uploads, keeps a second upload from starting, and shows the image once the server has it', async () => {
    const user = userEvent.setup();
    renderPicker();
    const input = screen.getByLabelText('Images and videos') as HTMLInputElement;
    await user.upload(input, new File([new Uint8Array(40_960)], 'rye.jpg', { type: 'image/jpeg' }));

    const request = await waitFor(() => UploadInFlight.all[0] ?? Promise.reject(new Error('no upload yet')), LOADED);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/api/v1/orgs/${ORG}/media?platforms=x,linkedin`);
    expect(request.headers['content-type']).toBe('application/octet-stream');
    expect(screen.getByRole('status').textContent).toBe('Uploading rye.jpg: 0 %');
    expect(input.disabled).toBe(true);

    request.sent(10_240, 40_960);
    expect(screen.getByRole('status').textContent).toBe('Uploading rye.jpg: 25 %');
    expect(screen.getByRole('progressbar', { name: /Uploading rye\.jpg/ }).getAttribute('value')).toBe('0.25');

    request.sent(32_768, 40_960);
    expect(screen.getByRole('status').textContent).toBe('Uploading rye.jpg: 80 %');
    expect(screen.getByRole('progressbar', { name: /Uploading rye\.jpg/ }).getAttribute('value')).toBe('0.8');

    request.sent(40_960, 40_960);
    expect(screen.getByRole('status').textContent).toBe('Uploading rye.jpg: 100 %');
    request.answer(201, { media: IMAGE });

    const attached = await screen.findByRole('list', { name: 'Attached media' }, LOADED);
    expect(within(attached).getByRole('img', { name: 'Uploaded image' }).getAttribute('src')).toBe('/media/rye.jpg');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(input.disabled).toBe(false);
    expect(UploadInFlight.all).toHaveLength(1);
  }, 30_000);

  it('says why the server refused the file, with its name, and the progress goes away', async () => {
    const user = userEvent.setup();
    renderPicker();
    await user.upload(screen.getByLabelText('Images and videos'), new File([new Uint8Array(2048)], 'menu.gif', { type: 'image/gif' }));
    const request = await waitFor(() => UploadInFlight.all[0] ?? Promise.reject(new Error('no upload yet')), LOADED);
    request.sent(1024, 2048);
    expect(screen.getByRole('status').textContent).toBe('Uploading menu.gif: 50 %');
    request.answer(422, { error: { code: 'media_rejected', message: 'X does not take image/gif here; send a JPEG or PNG.' } });

    expect((await screen.findByRole('alert', {}, LOADED)).textContent).toBe('menu.gif: X does not take image/gif here; send a JPEG or PNG.');
    expect(screen.queryByRole('progressbar')).toBeNull();
  }, 30_000);
});
