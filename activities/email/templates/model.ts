/** What every template knows about the reader and where links go. */
export interface MailFrame {
  recipient: { name?: string; timeZone: string };
  /** The web app, for "Open Herald". */
  appUrl: string;
  /** One-click unsubscribe from this kind of mail; absent for mail that cannot be turned off. */
  unsubscribeUrl?: string;
  /** Why the reader gets this mail, one sentence. */
  because: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** A post as its platform would show it, with the reader's Approve / Reject links if any. */
export interface PostCard {
  postId: string;
  /** ISO instants. */
  publishAt: string;
  deadline?: string;
  stage?: string;
  /** Written by the offline writer (no AI provider answered): the reader should check it before approving. */
  offlineWritten?: boolean;
  targets: { platform: string; text: string; hashtags: string[] }[];
  image?: { url: string; alt?: string };
  approveUrl?: string;
  rejectUrl?: string;
}
