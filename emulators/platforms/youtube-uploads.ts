import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { AcceptedPost, EmulatorState } from './state.js';

/**
 * YouTube's side of things: Google's error envelope, resumable upload sessions, the project's
 * daily quota (reset at midnight Pacific) and each channel's upload limit, and the video resource.
 */

export interface GoogleErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

export function googleError(res: Response, code: number, status: string, message: string, item: Omit<GoogleErrorItem, 'message'>): void {
  res.status(code).json({ error: { code, message, errors: [{ message, ...item }], status } });
}

export function unauthenticated(res: Response): void {
  res.setHeader('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
  googleError(res, 401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', {
    domain: 'global',
    reason: 'authError',
    location: 'Authorization',
    locationType: 'header',
  });
}

export interface VideoMetadata {
  snippet?: { title?: string; description?: string; tags?: string[]; categoryId?: string };
  status?: { privacyStatus?: string; selfDeclaredMadeForKids?: boolean };
}

export interface UploadSession {
  id: string;
  owner: string;
  metadata: VideoMetadata;
  contentType: string;
  totalBytes: number;
  received: number;
  firstBytes?: Buffer;
  video?: Record<string, unknown>;
}

const pacificDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The metadata problems YouTube answers 400 for, as [reason, message]. */
export function metadataProblem(metadata: VideoMetadata): [string, string] | undefined {
  const title = metadata.snippet?.title ?? '';
  const description = metadata.snippet?.description ?? '';
  if (!title.trim()) return ['invalidTitle', 'The request metadata specifies an invalid or empty video title.'];
  if ([...title].length > 100 || /[<>]/.test(title)) return ['invalidTitle', 'The request metadata specifies an invalid video title.'];
  if (Buffer.byteLength(description) > 5000 || /[<>]/.test(description)) return ['invalidDescription', 'The request metadata specifies an invalid video description.'];
  const privacy = metadata.status?.privacyStatus;
  if (privacy && !['public', 'unlisted', 'private'].includes(privacy)) return ['invalidVideoMetadata', `Invalid privacyStatus ${privacy}.`];
  return undefined;
}

export class YouTubeBook {
  readonly sessions = new Map<string, UploadSession>();
  /** client:account pairs that already consented: Google sends a refresh token only the first time. */
  readonly consented = new Set<string>();
  /** prompt=consent seen on the authorize request, per client:account. */
  readonly forcedConsent = new Set<string>();
  audited = true;
  projectUploadsPerDay = 100;
  channelUploadsPerDay = 50;
  /** Quota units for every call but uploads (each read here costs 1). */
  projectUnitsPerDay = 10_000;
  private uploadsByDay = new Map<string, number>();
  private unitsByDay = new Map<string, number>();

  constructor(readonly state: EmulatorState) {}

  clear(): void {
    this.sessions.clear();
    this.consented.clear();
    this.forcedConsent.clear();
    this.uploadsByDay.clear();
    this.unitsByDay.clear();
    this.audited = true;
    this.projectUploadsPerDay = 100;
    this.channelUploadsPerDay = 50;
    this.projectUnitsPerDay = 10_000;
  }

  today(): string {
    return pacificDay.format(this.state.now());
  }

  /** quotaExceeded (project) or uploadLimitExceeded (channel), if this upload would pass a limit. */
  uploadLimit(owner: string): 'quotaExceeded' | 'uploadLimitExceeded' | undefined {
    if ((this.uploadsByDay.get(this.today()) ?? 0) >= this.projectUploadsPerDay) return 'quotaExceeded';
    if (this.state.recentPostCount('youtube', owner, 24 * 3_600_000) >= this.channelUploadsPerDay) return 'uploadLimitExceeded';
    return undefined;
  }

  /** Spends quota units for today (Pacific); false when the project has none left. */
  spendUnits(units: number): boolean {
    const used = this.unitsByDay.get(this.today()) ?? 0;
    if (used + units > this.projectUnitsPerDay) return false;
    this.unitsByDay.set(this.today(), used + units);
    return true;
  }

  countUpload(): void {
    this.uploadsByDay.set(this.today(), (this.uploadsByDay.get(this.today()) ?? 0) + 1);
  }

  newSession(owner: string, metadata: VideoMetadata, contentType: string, totalBytes: number): UploadSession {
    const session = { id: randomBytes(18).toString('base64url'), owner, metadata, contentType, totalBytes, received: 0 };
    this.sessions.set(session.id, session);
    return session;
  }

  /** All bytes are in: the video exists from now on (private if the project is unaudited). */
  finish(session: UploadSession): Record<string, unknown> {
    const id = createHash('sha256').update(`${session.id}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 11);
    const requested = session.metadata.status?.privacyStatus ?? 'public';
    const privacyStatus = this.audited ? requested : 'private';
    const publishedAt = new Date(this.state.now()).toISOString();
    const snippet = { ...session.metadata.snippet, publishedAt, channelId: session.owner, title: session.metadata.snippet?.title, description: session.metadata.snippet?.description ?? '', categoryId: session.metadata.snippet?.categoryId ?? '22' };
    // Simplified: YouTube finds an unreadable file while processing; here it says so at once.
    const readable = session.firstBytes?.subarray(4, 8).toString('ascii') === 'ftyp';
    const outcome = readable ? { uploadStatus: 'uploaded' } : { uploadStatus: 'failed', failureReason: 'invalidFile' };
    session.video = {
      kind: 'youtube#video',
      etag: randomBytes(8).toString('base64url'),
      id,
      snippet,
      status: { ...outcome, privacyStatus, license: 'youtube', embeddable: true, publicStatsViewable: true, selfDeclaredMadeForKids: session.metadata.status?.selfDeclaredMadeForKids ?? false },
    };
    this.countUpload();
    this.state.acceptPost({
      platform: 'youtube',
      accountExternalId: session.owner,
      id,
      url: `https://www.youtube.com/watch?v=${id}`,
      text: `${snippet.title}\n${snippet.description}`,
      mediaCount: 1,
      extra: { title: snippet.title, description: snippet.description, privacyStatus, requestedPrivacy: requested, tags: session.metadata.snippet?.tags ?? [] },
    });
    return session.video;
  }
}

export function videoResource(post: AcceptedPost, parts: string[], stats: { views: number; likes: number; comments: number }) {
  const extra = post.extra ?? {};
  return {
    kind: 'youtube#video',
    etag: createHash('sha256').update(post.id).digest('base64url').slice(0, 16),
    id: post.id,
    ...(parts.includes('snippet') ? { snippet: { publishedAt: new Date(post.createdAt).toISOString(), channelId: post.accountExternalId, title: extra.title, description: extra.description } } : {}),
    ...(parts.includes('status') ? { status: { uploadStatus: 'processed', privacyStatus: extra.privacyStatus } } : {}),
    // The API sends counts as strings.
    ...(parts.includes('statistics') ? { statistics: { viewCount: String(stats.views), likeCount: String(stats.likes), favoriteCount: '0', commentCount: String(stats.comments) } } : {}),
  };
}
