/**
 * Determinism: every history captured from the workflow tests replays against the current
 * interpreter without a single non-determinism error.
 */
import { readdirSync } from 'node:fs';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { HISTORY_DIR, loadHistory } from './support/histories';

const files = readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json')).sort();

describe('replay of captured histories', () => {
  it('when every captured history is replayed, then none fails', async () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    const noop = (): void => undefined;
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop },
    });
    const histories = files.map((f) => loadHistory(f));
    const failures: string[] = [];
    let replayed = 0;
    for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'touchpoint-replay' }, histories)) {
      replayed += 1;
      if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, 120_000);
});
