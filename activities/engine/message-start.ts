/**
 * Message correlation with start: a message for a process whose start event catches it either starts a case
 * (keyed by process, message name and correlation key) or, when that case is running, is delivered to it.
 * One Temporal signal-with-start, so two senders racing on the same key converge on one case. Client-side
 * code (the API calls it), not an activity.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { messageStarts } from '../../core/bpmn/start-triggers';
import { messageSignal, PROCESS_WORKFLOW, type ProcessInput } from '../../workflows/process/messages';
import type { StartableDefinition } from './start-schedules';

export interface MessageStartRequest {
  taskQueue: string;
  definition: StartableDefinition;
  messageName: string;
  correlationKey: string;
  variables?: Record<string, unknown>;
  touchpoint?: string;
  customerId?: string;
  actor?: string;
  /** Business calendars by name for the case's timers and due dates. */
  calendars?: ProcessInput['calendars'];
}

/** Thrown when the definition has no message start event for the message name. */
export class NoMessageStartError extends Error {
  constructor(
    readonly definitionId: string,
    readonly messageName: string,
  ) {
    super(`definition ${definitionId} has no message start event for message '${messageName}'`);
    this.name = 'NoMessageStartError';
  }
}

/** Thrown when the case for this correlation key has already ended: a message cannot reopen it. */
export class CaseClosedError extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} has ended; the message was not delivered`);
    this.name = 'CaseClosedError';
  }
}

/**
 * The case id a message start correlates on: a digest of process, message name and key, so it is
 * URL-safe (names and keys may hold spaces or slashes) and the same for every sender.
 */
export function messageCaseId(processId: string, messageName: string, correlationKey: string): string {
  return `case-msg-${createHash('sha256').update(`${processId}\u0000${messageName}\u0000${correlationKey}`).digest('hex').slice(0, 32)}`;
}

/** Starts the case with the message, or delivers the message to the running case with that key. */
export async function startOrCorrelate(client: Client, req: MessageStartRequest): Promise<{ caseId: string; started: boolean }> {
  const start = messageStarts(req.definition.graph).find((m) => m.messageName === req.messageName);
  if (!start) throw new NoMessageStartError(req.definition._id, req.messageName);
  const caseId = messageCaseId(req.definition.processId, req.messageName, req.correlationKey);
  const input: ProcessInput = {
    caseId,
    definitionId: req.definition._id,
    version: req.definition.version,
    graph: req.definition.graph,
    calledGraphs: req.definition.calledGraphs,
    startEventId: start.startEventId,
    touchpoint: req.touchpoint,
    customerId: req.customerId,
    actor: req.actor,
    calendars: req.calendars,
  };
  const nonce = randomUUID();
  let handle;
  try {
    handle = await client.workflow.signalWithStart(PROCESS_WORKFLOW, {
      taskQueue: req.taskQueue,
      workflowId: caseId,
      args: [input],
      signal: messageSignal,
      signalArgs: [{ name: req.messageName, correlationKey: req.correlationKey, variables: req.variables }],
      memo: { startNonce: nonce },
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new CaseClosedError(caseId);
    throw err;
  }
  // The run we signalled carries our nonce only if this call started it.
  const run = client.workflow.getHandle(caseId, handle.signaledRunId);
  const memo = (await run.describe()).memo as { startNonce?: string } | undefined;
  return { caseId, started: memo?.startNonce === nonce };
}
