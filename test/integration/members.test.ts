import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { suppressAddresses } from '../../db/queries/email-suppressions.js';
import { auditLog, invitations, outboxEmails } from '../../db/schema/index.js';
import { resetNetworkLimits } from '../support/auth-limits.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/** Teams: invitations by e-mail, roles, leaving, and the rule that an org always has an owner. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack?.stop());
beforeEach(() => resetNetworkLimits(stack));

const emailOf = async (user: TestUser) => ((await (await user.request('/api/v1/me')).json()) as { user: { email: string } }).user.email;

async function invite(owner: TestUser, email: string, role = 'editor') {
  const res = await owner.request(`/api/v1/orgs/${owner.orgId}/invitations`, { method: 'POST', json: { email, role } });
  expect(res.status).toBe(201);
  const { invitation } = (await res.json()) as { invitation: { id: string } };
  const [mail] = await stack.database.db.select().from(outboxEmails).where(eq(outboxEmails.dedupeKey, `invitation:${invitation.id}`));
  return { id: invitation.id, token: mail!.body.match(/#token=([A-Za-z0-9_-]+)/)![1]!, mail: mail! };
}

async function members(user: TestUser, orgId = user.orgId) {
  const res = await user.request(`/api/v1/orgs/${orgId}/members`);
  return ((await res.json()) as { members: { userId: string; role: string }[] }).members;
}

describe('inviting people', () => {
  it('lets someone without an account sign up through the link and join as the invited role, once', async () => {
    const owner = await createTestUser(stack, { name: 'Olga Owner' });
    const { id, token, mail } = await invite(owner, 'new.editor@bakery.example', 'editor');
    expect(mail.subject).toContain('Olga Owner invited you');
    const pending = await (await owner.request(`/api/v1/orgs/${owner.orgId}/invitations`)).json();
    expect(pending.invitations).toEqual([expect.objectContaining({ id, email: 'new.editor@bakery.example', role: 'editor' })]);

    const signup = await fetch(`${stack.baseUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'New.Editor@bakery.example', password: 'correct horse battery staple', name: 'Ed', timeZone: 'UTC', invitationToken: token }),
    });
    expect(signup.status).toBe(201);
    const body = await signup.json();
    expect(body.orgId).toBe(owner.orgId);
    expect(body.orgs).toEqual([expect.objectContaining({ id: owner.orgId, role: 'editor' })]);
    expect(body.user.emailVerified).toBe(true);
    expect((await members(owner)).map((m) => m.role).sort()).toEqual(['editor', 'owner']);
    expect((await (await owner.request(`/api/v1/orgs/${owner.orgId}/invitations`)).json()).invitations).toEqual([]);

    const again = await fetch(`${stack.baseUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'other@bakery.example', password: 'correct horse battery staple', name: 'Other', timeZone: 'UTC', invitationToken: token }),
    });
    expect(again.status).toBe(410);
  });

  it('lets an existing user accept an invitation for their own address only, and not a revoked or expired one', async () => {
    const owner = await createTestUser(stack);
    const colleague = await createTestUser(stack, { name: 'Colleague' });
    const stranger = await createTestUser(stack, { name: 'Stranger' });
    const { token } = await invite(owner, await emailOf(colleague), 'approver');

    const stolen = await stranger.request('/api/v1/me/invitations/accept', { method: 'POST', json: { token } });
    expect(stolen.status).toBe(403);
    expect((await members(owner)).map((m) => m.userId)).not.toContain(stranger.userId);

    const accepted = await colleague.request('/api/v1/me/invitations/accept', { method: 'POST', json: { token } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ orgId: owner.orgId, role: 'approver' });
    // The colleague now sees the org among theirs and may act in it as approver.
    expect((await colleague.request(`/api/v1/orgs/${owner.orgId}`)).status).toBe(200);

    const revoked = await invite(owner, 'revoked@bakery.example');
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}/invitations/${revoked.id}`, { method: 'DELETE' })).status).toBe(204);
    const expired = await invite(owner, 'late@bakery.example');
    await stack.database.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.id));
    for (const [link, code] of [
      [revoked.token, 'invitation_revoked'],
      [expired.token, 'invitation_expired'],
    ] as const) {
      const res = await fetch(`${stack.baseUrl}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: link === revoked.token ? 'revoked@bakery.example' : 'late@bakery.example', password: 'correct horse battery staple', name: 'Late', timeZone: 'UTC', invitationToken: link }),
      });
      expect(res.status).toBe(410);
      expect((await res.json()).error.code).toBe(code);
    }
  });

  it('lets only owners and admins invite, and never into another tenant', async () => {
    const owner = await createTestUser(stack);
    const other = await createTestUser(stack);
    const viewer = await createTestUser(stack);
    const { token } = await invite(owner, await emailOf(viewer), 'viewer');
    await viewer.request('/api/v1/me/invitations/accept', { method: 'POST', json: { token } });
    const byViewer = await viewer.request(`/api/v1/orgs/${owner.orgId}/invitations`, { method: 'POST', json: { email: 'x@bakery.example', role: 'admin' } });
    expect(byViewer.status).toBe(403);
    const intoOther = await owner.request(`/api/v1/orgs/${other.orgId}/invitations`, { method: 'POST', json: { email: 'x@bakery.example', role: 'admin' } });
    expect(intoOther.status).toBe(404);
    const asOwner = await owner.request(`/api/v1/orgs/${owner.orgId}/invitations`, { method: 'POST', json: { email: 'x@bakery.example', role: 'owner' } });
    expect(asOwner.status).toBeGreaterThanOrEqual(400);
    expect((await asOwner.json()).error.message).toContain('role');
  });
});

describe('roles, leaving and ownership', () => {
  it('keeps at least one owner: the last owner can neither leave nor be demoted, until ownership is transferred', async () => {
    const owner = await createTestUser(stack);
    const admin = await createTestUser(stack);
    const { token } = await invite(owner, await emailOf(admin), 'admin');
    await admin.request('/api/v1/me/invitations/accept', { method: 'POST', json: { token } });

    const leave = await owner.request(`/api/v1/orgs/${owner.orgId}/members/${owner.userId}`, { method: 'DELETE' });
    expect(leave.status).toBe(409);
    expect((await leave.json()).error.message).toContain('transfer ownership');
    const demoteByAdmin = await admin.request(`/api/v1/orgs/${owner.orgId}/members/${owner.userId}`, { method: 'PATCH', json: { role: 'viewer' } });
    expect(demoteByAdmin.status).toBe(403);
    const selfDemote = await owner.request(`/api/v1/orgs/${owner.orgId}/members/${owner.userId}`, { method: 'PATCH', json: { role: 'admin' } });
    expect(selfDemote.status).toBe(409);

    const transfer = await owner.request(`/api/v1/orgs/${owner.orgId}/transfer-ownership`, { method: 'POST', json: { userId: admin.userId } });
    expect(transfer.status).toBe(200);
    const roles = Object.fromEntries((await members(owner)).map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [owner.userId]: 'admin', [admin.userId]: 'owner' });
    // Now the former owner may leave.
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}/members/${owner.userId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}`)).status).toBe(404);

    const actions = await stack.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, owner.orgId));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['member.invited', 'member.joined', 'member.ownership_transferred', 'member.left']));
  });

  it('lets an admin change a role and remove a member, but a member without the role can only leave', async () => {
    const owner = await createTestUser(stack);
    const editor = await createTestUser(stack);
    const approver = await createTestUser(stack);
    for (const [user, role] of [
      [editor, 'editor'],
      [approver, 'approver'],
    ] as const) {
      const { token } = await invite(owner, await emailOf(user), role);
      await user.request('/api/v1/me/invitations/accept', { method: 'POST', json: { token } });
    }
    const byEditor = await editor.request(`/api/v1/orgs/${owner.orgId}/members/${approver.userId}`, { method: 'DELETE' });
    expect(byEditor.status).toBe(403);
    const promote = await owner.request(`/api/v1/orgs/${owner.orgId}/members/${approver.userId}`, { method: 'PATCH', json: { role: 'editor', extra: 1 } });
    expect(promote.status).toBeGreaterThanOrEqual(400);
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}/members/${approver.userId}`, { method: 'PATCH', json: { role: 'editor' } })).status).toBe(200);
    expect((await editor.request(`/api/v1/orgs/${owner.orgId}/members/${editor.userId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await owner.request(`/api/v1/orgs/${owner.orgId}/members/${approver.userId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await members(owner)).map((m) => m.userId)).toEqual([owner.userId]);
    const [row] = await stack.database.db.select().from(auditLog).where(and(eq(auditLog.orgId, owner.orgId), eq(auditLog.action, 'member.role_changed')));
    expect(row?.details).toEqual({ from: 'approver', to: 'editor' });
  });
});

describe('several orgs', () => {
  it('lets a person in two orgs switch the browser session between them', async () => {
    const other = await createTestUser(stack);
    const login = await fetch(`${stack.baseUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `two.orgs.${Date.now()}@bakery.example`, password: 'correct horse battery staple', name: 'Two', organizationName: 'First Co', timeZone: 'UTC' }),
    });
    const { orgId: first, user, csrfToken } = await login.json();
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const { token } = await invite(other, user.email, 'viewer');
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    expect((await fetch(`${stack.baseUrl}/api/v1/me/invitations/accept`, { method: 'POST', headers, body: JSON.stringify({ token }) })).status).toBe(200);

    const me = async () => (await (await fetch(`${stack.baseUrl}/api/v1/me`, { headers })).json()) as { orgs: unknown[]; activeOrgId: string };
    expect((await me()).orgs).toHaveLength(2);
    expect((await me()).activeOrgId).toBe(first);
    const switched = await fetch(`${stack.baseUrl}/api/v1/me/active-org`, { method: 'PUT', headers, body: JSON.stringify({ orgId: other.orgId }) });
    expect(await switched.json()).toEqual({ activeOrgId: other.orgId, role: 'viewer' });
    expect((await me()).activeOrgId).toBe(other.orgId);
    const notMine = await fetch(`${stack.baseUrl}/api/v1/me/active-org`, { method: 'PUT', headers, body: JSON.stringify({ orgId: (await createTestUser(stack)).orgId }) });
    expect(notMine.status).toBe(404);
  });
});

describe('members whose mail bounces', () => {
  it('shows a member whose address bounced or complained as undeliverable, to the whole team', async () => {
    const owner = await createTestUser(stack);
    const editor = await createTestUser(stack, { orgId: owner.orgId, role: 'editor' });
    const viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer' });
    // As the Resend webhook records it: the provider reports the address in whatever case it was sent to.
    await suppressAddresses(stack.database.db, [(await emailOf(editor)).toUpperCase()], 'bounced', 'mailbox does not exist', `evt_${editor.userId}`);

    const list = (await (await viewer.request(`/api/v1/orgs/${owner.orgId}/members`)).json()) as { members: { userId: string; emailUndeliverable: { reason: string; since: string } | null }[] };
    const byId = Object.fromEntries(list.members.map((m) => [m.userId, m.emailUndeliverable]));
    expect(byId[editor.userId]).toEqual({ reason: 'bounced', since: expect.any(String) });
    expect(byId[owner.userId]).toBeNull();
    expect(byId[viewer.userId]).toBeNull();
  });
});
