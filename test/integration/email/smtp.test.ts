import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf, queueNotice, waitForEmailStatus } from '../../support/email.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

interface Arrived {
  to: string[];
  raw: string;
}

/** A real SMTP server that keeps what arrives and can refuse a recipient once with a 451. */
async function startMailServer() {
  const arrived: Arrived[] = [];
  const refuseOnce = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refuseOnce.delete(address.address)) return callback();
      const err = Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 });
      callback(err);
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        arrived.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrived,
    refuseOnce,
    mailsTo: (address: string) => arrived.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let mail: Awaited<ReturnType<typeof startMailServer>>;
let stack: TestStack;

beforeAll(async () => {
  mail = await startMailServer();
  stack = await startStack({ email: { transport: { kind: 'smtp', url: mail.url }, from: 'Herald <herald@example.test>', sweepSeconds: 1, timeoutMs: 5_000 } });
});

afterAll(async () => {
  await stack?.stop();
  await mail?.close();
});

describe('delivery over SMTP', () => {
  it('delivers the notice to the SMTP server with a Message-ID derived from the row', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    const queued = await queueNotice(stack.database.db, user);
    const sent = await waitForEmailStatus(stack.database.db, queued.id, 'sent');

    const arrived = mail.mailsTo(address);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.raw).toContain(`Subject: ${queued.subject}`);
    expect(arrived[0]!.raw).toContain('Open Herald to approve them.');
    expect(arrived[0]!.raw).toContain(`Message-ID: <${queued.id}@127.0.0.1>`);
    expect(arrived[0]!.raw).toMatch(/^From: Herald <herald@example\.test>/m);
    expect(sent).toMatchObject({ transport: 'smtp', attempts: 1, providerMessageId: `<${queued.id}@127.0.0.1>` });
  });

  it('tries again after a temporary 451 and delivers one mail', async () => {
    const user = await createTestUser(stack);
    const address = await addressOf(stack.database.db, user.userId);
    mail.refuseOnce.add(address);
    const queued = await queueNotice(stack.database.db, user);
    const sent = await waitForEmailStatus(stack.database.db, queued.id, 'sent');

    expect(mail.mailsTo(address)).toHaveLength(1);
    expect(sent).toMatchObject({ attempts: 2, lastError: null });
  });
});
