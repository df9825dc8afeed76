import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.js';
import { Stage, UserId } from '../../temporal-config/search-attributes.js';
import { runCli } from '../support/processes.js';
import { startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

describe('POST /api/v1/dev/ping', () => {
  it('runs a workflow whose activity writes an audit row, and returns its result', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/dev/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestedBy: 'ops-alice' }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.workflowId).toMatch(/^ping-/);
    expect(body.temporalUi).toContain(`/workflows/${body.workflowId}/`);

    const [row] = await stack.database.db.select().from(auditLog).where(eq(auditLog.id, body.result.auditId));
    expect(row).toMatchObject({ action: 'dev.ping', actor: 'ops-alice', subjectId: body.result.pingId });
  });

  it('is findable in Temporal by its search attributes, with a readable summary', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/dev/ping`, { method: 'POST' });
    const { workflowId } = await res.json();
    const description = await stack.temporal.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(Stage)).toBe('done');
    expect(description.typedSearchAttributes.get(UserId)).toBe('dev');
    expect(await description.staticSummary()).toContain('Dev ping');

    // Visibility is eventually consistent: the list query is what ops type in the UI.
    let found: string[] = [];
    for (let i = 0; i < 50 && !found.includes(workflowId); i++) {
      found = [];
      for await (const wf of stack.temporal.workflow.list({ query: `WorkflowType="pingWorkflow" AND Stage="done" AND UserId="dev"` })) {
        found.push(wf.workflowId);
      }
      if (!found.includes(workflowId)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toContain(workflowId);
  });

  it('refuses a malformed body with the shared error shape and says which field to fix', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/dev/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestedBy: 42 }),
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('requestedBy');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/dev/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"requestedBy":',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('malformed_json');
  });
});

describe('unknown routes', () => {
  it('answer 404 in the shared error shape', async () => {
    const res = await fetch(`${stack.baseUrl}/no/such/page.json`);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'not_found' });
  });
});

describe('herald ping', () => {
  it('runs the ping workflow through the API and prints its workflow, audit row and Temporal UI link', async () => {
    const cli = await runCli(['ping', '--by', 'ops-cli'], { HERALD_API_URL: stack.baseUrl });
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const [, workflowId] = /^ping workflow (ping-\S+) completed$/m.exec(cli.stdout) ?? [];
    expect(workflowId).toBeDefined();
    const [, auditId] = /^audit row (\S+) at /m.exec(cli.stdout) ?? [];
    const [row] = await stack.database.db.select().from(auditLog).where(eq(auditLog.id, auditId!));
    expect(row).toMatchObject({ action: 'dev.ping', actor: 'ops-cli' });
    expect(cli.stdout).toContain(`/workflows/${workflowId}/`);
    expect((await stack.temporal.workflow.getHandle(workflowId!).describe()).status.name).toBe('COMPLETED');
  });
});
