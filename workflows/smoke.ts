/**
 * The smallest round trip through every real component: the workflow asks an activity to write a
 * document to MongoDB and read it back. Used by the smoke test and by `/health`-style checks.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { SmokeActivities } from '../activities/smoke';

const { smokeWriteAndRead } = proxyActivities<SmokeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3, initialInterval: '200ms' },
});

export interface SmokeInput {
  key: string;
  payload: string;
}

/** Writes `payload` under `key` through an activity and returns what the activity read back. */
export async function smokeWorkflow(input: SmokeInput): Promise<{ key: string; payload: string; readBack: string }> {
  const readBack = await smokeWriteAndRead(input.key, input.payload);
  return { ...input, readBack };
}
