/**
 * Messages from other systems: a message whose process starts with a message start event starts a
 * case for its correlation key, or reaches the case already running for that key (one Temporal
 * signal-with-start, so concurrent senders converge on one case).
 */
import type { z } from 'zod';
import { CaseClosedError, NoMessageStartError, startOrCorrelate } from '../../activities/engine/message-start';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { calendarsFor } from '../calendars/calendars.service';
import { resolveDefinition } from '../definitions/definitions.service';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { fromTemporal } from '../temporal-errors';
import type { messageBody } from './messages.schemas';

export interface MessageResult {
  caseId: string;
  /** true: this message started the case; false: it reached the case already running for the key. */
  started: boolean;
  definitionId: string;
  links: Record<string, string>;
}

export async function correlateMessage(deps: AppDeps, body: z.infer<typeof messageBody>, actor: Principal): Promise<MessageResult> {
  const def = await resolveDefinition(deps.db, body.processId, undefined, true);
  if (!def) throw AppError.unprocessable(`process ${body.processId} is not deployed`, [{ field: 'body.processId', message: 'not deployed' }]);
  let out: { caseId: string; started: boolean };
  try {
    out = await startOrCorrelate(deps.temporal, {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      definition: def,
      messageName: body.messageName,
      correlationKey: body.correlationKey,
      variables: body.variables,
      customerId: body.customerId,
      actor: actor.username,
      calendars: await calendarsFor(deps.db, [def.graph, ...Object.values(def.calledGraphs ?? {})]),
    });
  } catch (err) {
    if (err instanceof NoMessageStartError) {
      throw AppError.unprocessable(err.message, [{ field: 'body.messageName', message: `no message start event of ${def._id} catches it` }]);
    }
    if (err instanceof CaseClosedError) throw AppError.conflict(`${err.message} (correlation key ${body.correlationKey})`);
    throw fromTemporal(err);
  }
  if (out.started) {
    await appendAudit(deps.db, {
      actor: actor.username,
      action: 'case.start-by-message',
      target: out.caseId,
      after: { definitionId: def._id, messageName: body.messageName, correlationKey: body.correlationKey },
    });
  }
  return { ...out, definitionId: def._id, links: { case: `/cases/${out.caseId}`, tasks: `/tasks?caseId=${out.caseId}` } };
}
