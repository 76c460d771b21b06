/**
 * The benchmark's reference: the 10-element flow of bench/engine.ts written by hand as a Temporal
 * workflow (start, service task, exclusive gateway, parallel split of two service tasks, join,
 * zero-length timer, end; default branch to a second end).
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { EngineActivities } from '../../activities/engine';
import { serviceTaskDefault } from '../process/activity-options';

const { executeServiceTask } = proxyActivities<EngineActivities>(serviceTaskDefault);

/** Runs the flow for one case; returns the final variables. */
export async function handWrittenFlow(input: { caseId: string; amount: number }): Promise<Record<string, unknown>> {
  let vars: Record<string, unknown> = { amount: input.amount };
  const task = async (elementId: string): Promise<Record<string, unknown>> =>
    executeServiceTask({ type: 'echo', caseId: input.caseId, elementId, variables: vars, headers: {} });
  vars = { ...vars, ...(await task('score')) };
  if (input.amount > 0) {
    const [a, b] = await Promise.all([task('invoice'), task('ship')]);
    vars = { ...vars, ...a, ...b };
    await sleep(0);
  }
  return vars;
}
