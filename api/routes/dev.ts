import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { pingWorkflow } from '../../workflows/ping.js';
import { Stage, UserId } from '../../temporal-config/search-attributes.js';
import { workflowIds } from '../../temporal-config/workflow-ids.js';
import { temporalUiLink, type ApiContext } from '../context.js';
import { parseInput } from '../errors.js';

const pingBody = z.object({
  requestedBy: z.string().trim().min(1).max(100).default('dev'),
});

/** Development-only routes; not mounted when NODE_ENV=production. */
export function devRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.post('/ping', async (req, res) => {
    const { requestedBy } = parseInput(pingBody, req.body, 'body');
    const pingId = randomUUID();
    const handle = await ctx.temporal.workflow.start<typeof pingWorkflow>('pingWorkflow', {
      workflowId: workflowIds.ping(pingId),
      taskQueue: ctx.queues.main,
      args: [{ pingId, requestedBy }],
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

  return router;
}
