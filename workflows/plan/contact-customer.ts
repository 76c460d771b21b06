/**
 * contactCustomer: one customer of one plan. Waits for the strategy's next allowed instant (its
 * windows, holidays and retry spacing, on deterministic workflow time), attempts a contact through
 * the channel the strategy picks for that attempt, and retries while the customer is unreachable
 * and attempts remain. A reached customer then runs the plan's service flow (the BPMN engine) when
 * the plan has one. The end is reported to the plan by signal.
 */
import {
  condition,
  executeChild,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CampaignActivities } from '../../activities/campaign';
import { channelForAttempt, nextAttemptTime } from '../../core/strategy';
import { contactAttempt as contactAttemptOptions, contactAttemptLocal } from './activity-options';
import {
  contactAttemptNowSignal,
  contactDoneSignal,
  contactPauseSignal,
  contactStateQuery,
  contactStopSignal,
  type ContactEnd,
  type ContactInput,
  type ContactResult,
} from './messages';

const remote = proxyActivities<CampaignActivities>(contactAttemptOptions);
const local = proxyLocalActivities<CampaignActivities>(contactAttemptLocal);

const REACHED = new Set(['completed', 'incomplete', 'refused']);

export async function contactCustomer(input: ContactInput): Promise<ContactResult> {
  let paused = input.paused ?? false;
  let stopped = false;
  let attemptNow = false;
  let attempts = 0;
  let lastAt: number | undefined;
  let nextAttemptAt: number | undefined;
  let lastOutcome: string | undefined;
  // Inputs recorded before local attempts existed never set the flag, so their replays keep the activity task.
  const { contactAttempt } = input.localAttempt ? local : remote;

  setHandler(contactStateQuery, () => ({ customerId: input.customerId, attempts, paused, nextAttemptAt, lastOutcome }));
  setHandler(contactPauseSignal, ({ paused: p }) => void (paused = p));
  setHandler(contactStopSignal, () => void (stopped = true));
  setHandler(contactAttemptNowSignal, () => void (attemptNow = true));

  const finish = async (end: ContactEnd, caseId?: string): Promise<ContactResult> => {
    if (input.planWorkflowId) {
      await getExternalWorkflowHandle(input.planWorkflowId).signal(contactDoneSignal, {
        customerId: input.customerId,
        end,
        attempts,
      });
    }
    return { customerId: input.customerId, end, attempts, ...(caseId ? { caseId } : {}) };
  };

  for (;;) {
    await condition(() => !paused || stopped || attemptNow);
    if (stopped) return finish('cancelled');
    const now = Date.now();
    let at: number | undefined;
    if (attemptNow) at = now;
    else {
      at = nextAttemptTime(input.strategy, lastAt, attempts, now);
      if (at === undefined) return finish(lastOutcome === 'failed' ? 'failed' : 'unreachable');
      if (input.endAt !== undefined && at >= input.endAt) return finish('expired');
    }
    if (at > now) {
      nextAttemptAt = at;
      const interrupted = await condition(() => paused || stopped || attemptNow, at - now);
      nextAttemptAt = undefined;
      if (interrupted) continue;
    }
    attemptNow = false;
    attempts += 1;
    const attemptAt = Date.now();
    const result = await contactAttempt({
      planId: input.planId,
      customerId: input.customerId,
      attemptNo: attempts,
      channel: channelForAttempt(input.strategy, attempts),
      at: attemptAt,
      requiredSkills: input.strategy.requiredSkills,
      data: input.data,
    });
    lastAt = attemptAt;
    lastOutcome = result.outcome;
    if (REACHED.has(result.outcome)) {
      if (!input.service) return finish('reached');
      const caseId = `${workflowInfo().workflowId}:case`;
      try {
        await executeChild('runProcess', {
        workflowId: caseId,
        args: [
          {
            caseId,
            definitionId: input.service.definitionId,
            version: input.service.version,
            graph: input.service.graph,
            customerId: input.customerId,
            actor: `plan:${input.planId}`,
            variables: { planId: input.planId, customerId: input.customerId, attemptNo: attempts, outcome: result.outcome, ...input.data },
          },
          ],
        });
      } catch {
        return finish('failed', caseId);
      }
      return finish('reached', caseId);
    }
  }
}
