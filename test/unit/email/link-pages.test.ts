import { describe, expect, it } from 'vitest';
import { decisionPage, outcomePage, problemPage } from '../../../api/email-link-pages.js';

describe('e-mail link pages', () => {
  const page = () =>
    decisionPage({
      action: 'reject',
      token: 'v1.k1.a"b.c',
      recipient: 'rosa@example.test',
      deadline: 'Fri 4 Dec, 08:30 (Europe/Berlin)',
      posts: [{ postId: 'p1', publishAt: 'Fri 4 Dec, 09:00 (Europe/Berlin)', targets: [{ platform: 'linkedin', text: 'Bread <script>alert(1)</script> & more' }] }],
      appUrl: 'https://herald.example.com/posts/p1',
    });

  it('escapes the post copy and the token instead of running them', () => {
    const html = page();
    expect(html).not.toContain('<script>');
    expect(html).toContain('Bread &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).toContain('value="v1.k1.a&quot;b.c"');
  });

  it('is a self-contained phone page: viewport set, no scripts, no external assets', () => {
    for (const html of [page(), problemPage({ status: 410, title: 'Expired', message: 'x' }, 'https://h'), outcomePage([{ postId: 'p1', done: true, message: 'Approved.' }], 'https://h')]) {
      expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
      expect(html).not.toMatch(/<script|<link |src=/);
    }
  });

  it('reject asks for the reason with a form that posts the token, not a link that acts', () => {
    const html = page();
    expect(html).toMatch(/<form method="post" action="action">/);
    expect(html).toContain('<textarea id="reason" name="reason" maxlength="1000" required>');
  });
});
