import { renderOutboxEmail, type MailFrame, type MailToRender, type PostCard, type RenderedEmail } from '../../activities/email/templates/index.js';

/**
 * One sample of every mail Herald writes, rendered through the same path the sender uses. User
 * text carries markup and a very long word, so the tests see escaping and wrapping.
 */
const frame: MailFrame = {
  recipient: { name: 'Ana <Baker> & Co', timeZone: 'Europe/Berlin' },
  appUrl: 'https://herald.example',
  unsubscribeUrl: 'https://herald.example/api/v1/email/unsubscribe?token=abc.def',
  because: 'You get digest mails as a member of an organisation on Herald.',
};

const link = (action: string, n: number) => `https://herald.example/email/action?token=${action}.${'x'.repeat(120)}${n}`;

const posts: PostCard[] = [
  {
    postId: '11111111-1111-4111-8111-111111111111',
    publishAt: '2026-12-10T09:30:00.000Z',
    deadline: '2026-12-10T09:00:00.000Z',
    targets: [
      { platform: 'linkedin', text: 'Our sourdough needs 36 hours. <script>alert("x")</script> Here is why patience pays off in bread & business.', hashtags: ['sourdough', 'craft'] },
      { platform: 'x', text: 'Sourdough: 36 hours, no shortcuts. https://bakery.example/a-very-long-link-that-should-wrap-on-a-phone-instead-of-scrolling', hashtags: [] },
    ],
    image: { url: 'https://media.example/loaf.png', alt: 'A loaf on a board' },
    approveUrl: link('approve', 1),
    rejectUrl: link('reject', 1),
  },
  {
    postId: '22222222-2222-4222-8222-222222222222',
    publishAt: '2026-12-10T16:00:00.000Z',
    deadline: '2026-12-10T15:30:00.000Z',
    targets: [{ platform: 'instagram', text: 'Supercalifragilisticexpialidociousbreadwithoutanyspacesatallsothatitmustwrapsomewhere', hashtags: ['bakery', 'bread', 'morning'] }],
    approveUrl: link('approve', 2),
    rejectUrl: link('reject', 2),
  },
];

const mail = (kind: string, subject: string, body: string, extra: Partial<MailToRender> = {}): MailToRender => ({ kind, subject, body, data: {}, posts: [], ...extra });
const onePost = (post: PostCard) => [post];

export const TEMPLATE_SAMPLES: { name: string; mail: MailToRender; frame?: MailFrame }[] = [
  {
    name: 'approval-digest',
    mail: mail('approval_digest', '2 new post(s) for 2026-12-10 wait for your approval', '2026-12-10T09:30:00.000Z linkedin [awaiting_approval]: Our sourdough\nCould not plan 2026-12-11: the AI provider timed out\n3 of your 30 posts this month are used; upgrade for more.\n\nDecide from here (each link works once, until the approval deadline):', {
      data: { localDate: '2026-12-10' },
      posts,
      approveAllUrl: link('approve-all', 0),
    }),
  },
  { name: 'approval-request', mail: mail('approval_requested', 'A post is waiting for your approval', 'Post 1 publishes at 2026-12-10T09:30:00.000Z.', { posts: onePost(posts[0]!) }) },
  { name: 'replacement-ready', mail: mail('replacement_ready', 'A replacement post is waiting for your approval', 'Post 1 (revision 2) publishes at 2026-12-10T09:30:00.000Z.', { posts: onePost(posts[1]!) }) },
  { name: 'reminder', mail: mail('reminder-2026-12-10T08:00:00.000Z', 'Reminder: a post still needs your approval', 'Post 1 closes for approval at 2026-12-10T09:00:00.000Z.', { posts: onePost(posts[0]!) }) },
  { name: 'expiry-notice', mail: mail('expired', 'A post expired without approval', 'Post 1 was not approved by 2026-12-10T09:00:00.000Z and will not be published.', { posts: onePost(posts[0]!) }) },
  {
    name: 'skip-notice',
    mail: mail('skipped', 'A post was skipped', 'Post 11111111-1111-4111-8111-111111111111 was rejected too close to its time (2026-12-10T09:30:00.000Z); the slot is skipped.', { posts: onePost(posts[0]!) }),
  },
  { name: 'weekly-strategy-ready', mail: mail('strategy_ready', 'Your strategy for the week of 2026-12-14 is ready', 'Three themes: <b>winter bakes</b>, behind the counter, customer stories. Approve it, ask for changes, or reject it before 2026-12-12T18:00:00.000Z.') },
  { name: 'viral-alert', mail: mail('post_alert.viral', 'Your LinkedIn post is taking off', 'Your post is doing far better than usual: engagement 2.40x and reach 1.80x of the median of your last 12 LinkedIn posts at 4h. Reply to comments while attention is high.\n\nhttps://linkedin.example/posts/123') },
  { name: 'under-performance-alert', mail: mail('post_alert.underperformance', 'Your Instagram post is under-performing', 'Your post is doing worse than usual: engagement 0.30x and reach 0.90x of the Instagram default for new accounts at 24h. Consider what differs from your better posts.') },
  { name: 'needs-reconnect', mail: mail('account_needs_reconnect', 'Reconnect your Instagram account', 'Instagram refused the saved sign-in (token expired).\nPosts for this account fail until it is reconnected; support can replay them afterwards.') },
  { name: 'ai-budget-warning', mail: mail('ai_budget', "Herald has used 90 % of this month's AI budget", 'This month Herald spent $27.00 of the $30.00 AI budget. At 100 % it writes offline (templates, no images) until the month ends.') },
  {
    name: 'invitation',
    mail: mail('invitation', 'Ana <Baker> invited you to Crumb & Co on Herald', 'Ana <Baker> invited you to join Crumb & Co on Herald as approver.\nAccept (the link works once, until 2026-12-17):\nhttps://herald.example/invitation#token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n\nNo Herald account yet? The link lets you sign up.'),
    frame: { ...frame, recipient: { timeZone: 'UTC' }, unsubscribeUrl: undefined, because: 'Someone entered your address to invite you to Herald.' },
  },
  {
    name: 'email-verification',
    mail: mail('verify_email', 'Confirm your e-mail address for Herald', 'Open this link to confirm that ana@bakery.example is yours (it works once, for 3 days):\nhttps://herald.example/verify-email#token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n\nIf you did not sign up for Herald, ignore this mail.'),
    frame: { ...frame, unsubscribeUrl: undefined, because: 'Herald sends this to your address about your own account; it cannot be turned off.' },
  },
  {
    name: 'password-reset',
    mail: mail('reset_password', 'Choose a new Herald password', 'Open this link to choose a new password (it works once, for 1 hour):\nhttps://herald.example/reset-password#token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n\nIf you did not ask for this, ignore this mail; your password stays as it is.'),
    frame: { ...frame, unsubscribeUrl: undefined, because: 'Herald sends this to your address about your own account; it cannot be turned off.' },
  },
  {
    name: 'billing-payment-failed',
    mail: mail('billing_payment_failed', 'Payment for Herald failed: update your card within 7 days', "We could not charge Crumb & Co's card for the Pro plan. Everything keeps running until 2026-12-17T10:00:00.000Z; after that the daily cycle pauses (approved posts still publish, nothing is deleted) until the invoice is paid."),
  },
];

export function renderSample(sample: (typeof TEMPLATE_SAMPLES)[number]): RenderedEmail {
  return renderOutboxEmail(sample.mail, sample.frame ?? frame);
}
