import { describe, expect, it } from 'vitest';
import { localTime, localizeInstants } from '../../../activities/email/templates/time.js';
import { renderSample, TEMPLATE_SAMPLES } from '../../support/email-templates.js';

describe('e-mail templates', () => {
  for (const sample of TEMPLATE_SAMPLES) {
    it(`renders ${sample.name} as HTML and plain text`, async () => {
      const mail = renderSample(sample);
      await expect(mail.html).toMatchFileSnapshot(`./__snapshots__/${sample.name}.html`);
      await expect(`Subject: ${mail.subject}\n\n${mail.text}`).toMatchFileSnapshot(`./__snapshots__/${sample.name}.txt`);
    });
  }

  it('tells a replacement by the mail\'s kind, whatever its subject says', () => {
    const request = TEMPLATE_SAMPLES.find((s) => s.name === 'approval-request')!;
    const replacement = TEMPLATE_SAMPLES.find((s) => s.name === 'replacement-ready')!;
    const heading = /<h1[^>]*>([^<]*)<\/h1>/;
    const asReplacement = renderSample({ ...replacement, mail: { ...replacement.mail, subject: 'Please decide on this post' } });
    expect(heading.exec(asReplacement.html)![1]).toBe('A replacement post is waiting for your approval');
    const asRequest = renderSample({ ...request, mail: { ...request.mail, subject: 'Replacement of the window display: please approve' } });
    expect(heading.exec(asRequest.html)![1]).toBe('A post is waiting for your approval');
  });

  it('escapes what users wrote: names and post copy never become markup', () => {
    const { html } = renderSample(TEMPLATE_SAMPLES.find((s) => s.name === 'approval-digest')!);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Hello Ana &lt;Baker&gt; &amp; Co,');
  });

  it('shows every time in the reader\'s zone, with the zone named, in both parts', () => {
    for (const sample of TEMPLATE_SAMPLES) {
      const { html, text } = renderSample(sample);
      expect(text, sample.name).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(html, sample.name).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
    const { text } = renderSample(TEMPLATE_SAMPLES.find((s) => s.name === 'approval-digest')!);
    expect(text).toContain('Publishes Thu 10 Dec, 10:30 (Europe/Berlin)');
    expect(text).toContain('Decide by Thu 10 Dec, 10:00 (Europe/Berlin)');
  });

  it('gives the digest one Approve and one Reject per post, and Approve all', () => {
    const sample = TEMPLATE_SAMPLES.find((s) => s.name === 'approval-digest')!;
    const { html, text } = renderSample(sample);
    for (const post of sample.mail.posts) {
      expect(html).toContain(`href="${post.approveUrl}"`);
      expect(html).toContain(`href="${post.rejectUrl}"`);
      expect(text).toContain(`Approve: ${post.approveUrl}`);
      expect(text).toContain(`Reject: ${post.rejectUrl}`);
    }
    expect(html).toContain('>Approve all 2</a>');
    expect(text).toContain(`Approve all 2: ${sample.mail.approveAllUrl}`);
    expect(html).toContain('src="https://media.example/loaf.png"');
    expect(text).toContain('Could not plan 2026-12-11: the AI provider timed out');
  });

  it('offers no decision links on mails about posts that can no longer be decided', () => {
    for (const name of ['expiry-notice', 'skip-notice']) {
      const { html, text } = renderSample(TEMPLATE_SAMPLES.find((s) => s.name === name)!);
      expect(html, name).not.toContain('email/action');
      expect(text, name).not.toContain('email/action');
    }
  });

  it('turns the link of a security mail into its button', () => {
    const { html } = renderSample(TEMPLATE_SAMPLES.find((s) => s.name === 'password-reset')!);
    expect(html).toMatch(/<a href="https:\/\/herald\.example\/reset-password#token=[\w-]+" style="[^"]+">Choose a new password<\/a>/);
  });

  it('never links to anything but http(s), whatever the data says', async () => {
    const { renderOutboxEmail } = await import('../../../activities/email/templates/index.js');
    const { html } = renderOutboxEmail(
      { kind: 'approval_digest', subject: 's', body: '', data: { localDate: '2026-12-10' }, approveAllUrl: 'javascript:alert(1)', posts: [{ postId: 'p', publishAt: '2026-12-10T09:30:00Z', targets: [], approveUrl: 'javascript:alert(1)' }] },
      { recipient: { timeZone: 'UTC' }, appUrl: 'https://herald.example', because: 'b' },
    );
    expect(html).not.toContain('javascript:');
  });

  it('formats instants in the named zone, across a DST change', () => {
    expect(localTime('2026-07-01T06:00:00Z', 'America/New_York')).toBe('Wed 1 Jul, 02:00 (America/New_York)');
    expect(localTime('2026-12-01T06:00:00Z', 'America/New_York')).toBe('Tue 1 Dec, 01:00 (America/New_York)');
    expect(localizeInstants('before 2026-12-01T06:00:00.000Z, or not', 'Asia/Kolkata')).toBe('before Tue 1 Dec, 11:30 (Asia/Kolkata), or not');
  });
});
