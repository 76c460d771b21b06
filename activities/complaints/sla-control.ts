/** Starting and steering a complaint's SLA clock workflow from service-task handlers. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  SLA_CLOCK_WORKFLOW,
  slaOwnerSignal,
  slaPauseSignal,
  slaRespecSignal,
  slaResumeSignal,
  slaStopSignal,
  slaWorkflowId,
  type SlaClockInput,
  type SlaRespecInput,
  type SlaStopInput,
} from '../../workflows/complaints/messages';

export interface TemporalAccess {
  /** The client, connected on first use. */
  client: () => Promise<Client>;
  taskQueue: string;
  /**
   * Task queue for the SLA clocks' activities (see SlaClockInput.activityTaskQueue); a worker must
   * serve it. Absent: the clocks' activities run on `taskQueue`.
   */
  slaActivityQueue?: string;
}

/** Starts the round's clock once; a second start (retried activity) finds the running one. */
export async function startSlaClock(t: TemporalAccess, input: SlaClockInput): Promise<void> {
  const client = await t.client();
  try {
    await client.workflow.start(SLA_CLOCK_WORKFLOW, {
      taskQueue: t.taskQueue,
      workflowId: slaWorkflowId(input.complaintId, input.round),
      args: [t.slaActivityQueue ? { ...input, activityTaskQueue: t.slaActivityQueue } : input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Sends a signal to the round's clock; a clock that already finished is left alone. */
async function signalClock(t: TemporalAccess, complaintId: string, round: number, send: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<void>): Promise<void> {
  const client = await t.client();
  const handle = client.workflow.getHandle(slaWorkflowId(complaintId, round));
  try {
    await send(handle);
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return;
    throw err;
  }
}

export const pauseSla = (t: TemporalAccess, id: string, round: number, reason: string): Promise<void> =>
  signalClock(t, id, round, (h) => h.signal(slaPauseSignal, { reason }));
export const resumeSla = (t: TemporalAccess, id: string, round: number): Promise<void> => signalClock(t, id, round, (h) => h.signal(slaResumeSignal, {}));
export const stopSla = (t: TemporalAccess, id: string, round: number, clock: SlaStopInput['clock']): Promise<void> =>
  signalClock(t, id, round, (h) => h.signal(slaStopSignal, { clock }));
export const setSlaOwner = (t: TemporalAccess, id: string, round: number, owner: string): Promise<void> =>
  signalClock(t, id, round, (h) => h.signal(slaOwnerSignal, { owner }));
export const respecSla = (t: TemporalAccess, id: string, round: number, input: SlaRespecInput): Promise<void> =>
  signalClock(t, id, round, (h) => h.signal(slaRespecSignal, input));
