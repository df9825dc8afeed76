import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { pingWorkflow } from '../../workflows/ping.js';
import { systemPriority } from '../../temporal-config/priorities.js';
import { Stage, UserId } from '../../temporal-config/search-attributes.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { temporalUiLink, type ApiContext } from '../context.js';
import { HttpError, parseInput } from '../errors.js';
import { timeZoneField, uuidField } from '../validation.js';
import { createUserWithOrg, issueApiToken } from '../../db/queries/identity.js';
import { isUniqueViolation } from '../../db/errors.js';
import { devOutboxRoutes } from './dev-outbox.js';

// Strict: the user always owns a new org of their own; joining another org takes an invitation.
export const newUserBody = z.strictObject({
  email: z.string().email('must be an e-mail address').max(254),
  name: z.string().trim().min(1).max(200),
  timeZone: timeZoneField.default('UTC'),
  orgName: z.string().trim().min(1).max(200).optional(),
});

export const pingBody = z.strictObject({
  requestedBy: z.string().trim().min(1).max(100).default('dev'),
});

/** Development-only routes; mounted only with HERALD_DEV_ROUTES=1, which production refuses. */
export function devRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.post('/ping', async (req, res) => {
    const { requestedBy } = parseInput(pingBody, req.body, 'body');
    const pingId = randomUUID();
    const handle = await ctx.temporal.workflow.start<typeof pingWorkflow>('pingWorkflow', {
      workflowId: workflowIds.ping(pingId),
      taskQueue: ctx.queues.main,
      args: [{ pingId, requestedBy }],
      priority: systemPriority('interactive'),
      typedSearchAttributes: [
        { key: UserId, value: requestedBy },
        { key: Stage, value: 'started' },
      ],
      staticSummary: `Dev ping from ${requestedBy}: writes one audit row`,
      workflowExecutionTimeout: '2 minutes',
    });
    const result = await handle.result();
    res.status(200).json({
      workflowId: handle.workflowId,
      runId: handle.firstExecutionRunId,
      result,
      temporalUi: temporalUiLink(ctx.config, handle.workflowId, handle.firstExecutionRunId),
    });
  });

  /** Creates a user (and org) with an API token, until sign-up exists. */
  router.post('/users', async (req, res) => {
    const input = parseInput(newUserBody, req.body, 'body');
    // Joining an org takes a seat (until invitations exist, this is the only way in).
    try {
      const { user, orgId } = await createUserWithOrg(ctx.db, { ...input, role: 'owner' });
      const { token } = await issueApiToken(ctx.db, user.id, 'dev');
      res.status(201).json({ user: { id: user.id, email: user.email, name: user.name, timeZone: user.timeZone }, orgId, token });
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError(409, 'email_taken', `A user with e-mail ${input.email} already exists.`);
      throw err;
    }
  });

  router.use('/outbox', devOutboxRoutes(ctx));

  return router;
}
