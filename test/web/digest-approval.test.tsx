import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DigestApproval } from '../../web/src/features/approvals/components/digest-approval.js';
import { json, renderScreen, stubApi } from './render.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const DIGEST = '33333333-3333-4333-8333-333333333333';
const POSTS = ['22222222-2222-4222-8222-222222222222', '44444444-4444-4444-8444-444444444444'];

describe('the approval digest page', () => {
  it('approves all of a digest by its id in one request and says how each post answered', async () => {
    const requests = stubApi(() =>
      json({
        action: 'approve',
        digestId: DIGEST,
        counts: { approved: 1, rejected: 0, refused: 1 },
        results: [
          { postId: POSTS[0], done: true, outcome: 'approved', stage: 'approved', message: 'Approved. It will be published at 09:00.' },
          { postId: POSTS[1], done: false, code: 'already_decided', message: 'Nothing was done: this post was already approved.' },
        ],
      }),
    );
    renderScreen(<DigestApproval orgId={ORG} digestId={DIGEST} />, `/digests/${DIGEST}`);
    await userEvent.click(screen.getByRole('button', { name: 'Approve all in this digest' }));
    await waitFor(() => expect(screen.getByText('Approved 1 of 2 posts.')).toBeTruthy());
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', body: { action: 'approve', digestId: DIGEST } });
    expect(requests[0]!.url.pathname).toBe(`/api/v1/orgs/${ORG}/approvals/bulk`);
    expect(screen.getByText(/already approved/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve all in this digest' })).toBeNull();
  });

  it('shows the server\'s words when the digest is not this organization\'s', async () => {
    stubApi(() => json({ error: { code: 'digest_not_found', message: `No approval digest ${DIGEST} in this organization.` } }, 404));
    renderScreen(<DigestApproval orgId={ORG} digestId={DIGEST} />, `/digests/${DIGEST}`);
    await userEvent.click(screen.getByRole('button', { name: 'Approve all in this digest' }));
    await waitFor(() => expect(screen.getByText(`No approval digest ${DIGEST} in this organization.`)).toBeTruthy());
  });
});
