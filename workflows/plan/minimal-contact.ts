/**
 * The campaign benchmark's reference child: one contact attempt written by hand, with no windows,
 * no retries and no service flow, reporting its end to the plan the same way contactCustomer does.
 */
import { getExternalWorkflowHandle, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CampaignActivities } from '../../activities/campaign';
import { contactAttempt as contactAttemptOptions, contactAttemptLocal } from './activity-options';
import { contactDoneSignal, type ContactInput, type ContactResult } from './messages';

const remote = proxyActivities<CampaignActivities>(contactAttemptOptions);
const local = proxyLocalActivities<CampaignActivities>(contactAttemptLocal);

export async function minimalContact(input: ContactInput): Promise<ContactResult> {
  const { contactAttempt } = input.localAttempt ? local : remote;
  const r = await contactAttempt({ planId: input.planId, customerId: input.customerId, attemptNo: 1, channel: input.strategy.channels[0], at: Date.now() });
  const end = r.outcome === 'unreachable' ? 'unreachable' : r.outcome === 'failed' ? 'failed' : 'reached';
  if (input.planWorkflowId) {
    await getExternalWorkflowHandle(input.planWorkflowId).signal(contactDoneSignal, { customerId: input.customerId, end, attempts: 1 });
  }
  return { customerId: input.customerId, end, attempts: 1 };
}
