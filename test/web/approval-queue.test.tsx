import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalQueue } from '../../web/src/features/approvals/components/approval-queue.js';

/**
 * The approval queue against a stubbed network (real Response objects from `fetch`): the edit
 * dialog checks the platform rules as the person types, and after lock offers only time and hashtags.
 */
const ORG = '11111111-1111-4111-8111-111111111111';
const POST = '22222222-2222-4222-8222-222222222222';
const inTwoHours = new Date(Date.now() + 2 * 3600_000).toISOString();

const queue = {
  budget: { level: 'ok', reason: null },
  posts: [
    {
      id: POST,
      stage: 'awaiting_approval',
      scheduledAt: inTwoHours,
      revision: 1,
      offlineWritten: true,
      approval: { deadline: inTwoHours, emergencyWindow: false, skipWindow: false },
      targets: [{ platform: 'x', stage: 'awaiting_approval', text: 'Fresh rye at 7', sandbox: true }],
    },
  ],
};

function detail(locked: boolean) {
  return {
    post: { id: POST, stage: locked ? 'approved' : 'awaiting_approval', scheduledAt: inTwoHours, revision: 1 },
    targets: [{ id: 't1', platform: 'x', text: 'Fresh rye at 7', hashtags: ['bakery'], title: null, sandbox: true, problems: [], length: { used: 23, max: 280, unit: 'characters' } }],
    workflow: { deadline: inTwoHours, approvals: [], approvalsNeeded: 1, stage: locked ? 'approved' : 'awaiting_approval', locked, publishAt: inTwoHours },
  };
}

let edits: unknown[];
function stubNetwork(locked: boolean) {
  edits = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (init?.method === 'PATCH') {
      edits.push(JSON.parse(String(init.body)));
      return json({ state: detail(locked).workflow });
    }
    if (url.includes('stage=awaiting_approval')) return json(queue);
    if (url.endsWith(`/posts/${POST}`)) return json(detail(locked));
    return json({ error: { code: 'not_found', message: `no stub for ${url}` } }, 404);
  });
}

function renderQueue() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <ApprovalQueue orgId={ORG} timeZone="Europe/Berlin" />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

async function openEditor() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: /^Edit the X post/ }));
  return { user, dialog: await screen.findByRole('dialog') };
}

describe('the approval queue editor', () => {
  afterEach(() => vi.unstubAllGlobals());

  describe('before approval', () => {
    beforeEach(() => stubNetwork(false));

    it('checks the platform rules as you type: too long for X says so, blocks saving, and clears once shortened', async () => {
      renderQueue();
      expect((await screen.findByRole('link', { name: 'Details and history' })).getAttribute('href')).toBe(`/posts/${POST}`);
      const { user, dialog } = await openEditor();
      const text = within(dialog).getByRole('textbox', { name: 'Text' });
      await user.clear(text);
      await user.click(text);
      await user.paste('a'.repeat(290));
      expect(within(dialog).getByTestId('edit-length').textContent).toMatch(/^\d+ \/ 280 /);
      expect(within(dialog).getByTestId('edit-length').className).toContain('over');
      expect(within(dialog).getByText(/^X allows 280 .*; this post has \d+\.$/)).toBeTruthy();
      expect(within(dialog).getByRole('button', { name: 'Save changes' }).hasAttribute('disabled')).toBe(true);

      await user.clear(text);
      await user.type(text, 'Fresh rye, warm at 7');
      expect(within(dialog).queryByText(/X allows 280/)).toBeNull();
      await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(edits).toEqual([{ targets: [{ platform: 'x', text: 'Fresh rye, warm at 7' }] }]));
    }, 30_000);

    it('moves the post to a time typed in the user\'s zone, saying how far ahead approval needs it', async () => {
      renderQueue();
      const { user, dialog } = await openEditor();
      const when = within(dialog).getByLabelText('Publish time (Europe/Berlin)') as HTMLInputElement;
      expect(when.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
      expect(within(dialog).getByText(/Once approved it can still move 30 minutes/)).toBeTruthy();
      fireEvent.change(when, { target: { value: '2031-05-04T10:15' } });
      await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(edits).toEqual([{ scheduledAt: '2031-05-04T08:15:00.000Z' }]));
    }, 30_000);

    it('says which hashtag is not one while typing', async () => {
      renderQueue();
      const { user, dialog } = await openEditor();
      await user.type(within(dialog).getByRole('textbox', { name: 'Hashtags' }), ' #rye-bread');
      expect(within(dialog).getByText('"#rye-bread" is not a hashtag: one word of letters, digits or _.')).toBeTruthy();
    }, 30_000);
  });

  describe('after approval (locked)', () => {
    beforeEach(() => stubNetwork(true));

    it('says why only the time and hashtags can change, keeps the words read-only and sends only hashtags and time', async () => {
      renderQueue();
      const { user, dialog } = await openEditor();
      expect(within(dialog).getByText(/approved, so its content is locked/).textContent).toContain('up to 30 minutes');
      const text = within(dialog).getByRole('textbox', { name: 'Text' });
      expect(text.hasAttribute('readonly')).toBe(true);
      await user.type(text, ' extra words');
      expect((text as HTMLTextAreaElement).value).toBe('Fresh rye at 7');

      await user.type(within(dialog).getByRole('textbox', { name: 'Hashtags' }), ' #rye');
      await user.click(within(dialog).getByRole('button', { name: /Publish time/ }));
      await user.click(await screen.findByRole('option', { name: /\+15 min/ }));
      await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(edits).toHaveLength(1));
      const sent = edits[0] as { targets: unknown[]; scheduledAt: string };
      expect(sent.targets).toEqual([{ platform: 'x', hashtags: ['bakery', 'rye'] }]);
      expect(Date.parse(sent.scheduledAt) - Date.parse(inTwoHours)).toBe(15 * 60_000);
    }, 30_000);
  });
});
