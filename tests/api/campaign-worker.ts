/** A worker for plan API tests: the real workflows and activities, with the simulated channel as the outside world. */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSimulatedChannel } from '../../activities/campaign/simulated-channel';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { TEMPORAL_ADDRESS } from '../support/servers';
import { quietRuntime, workflowBundle } from '../workflow/plan-harness';
import type { TestApi } from './helpers';

export interface CampaignWorker {
  stop(): Promise<void>;
}

/** Runs a worker on the API's task queue whose channel answers after `latencyMs`. */
export async function startCampaignWorker(api: TestApi, latencyMs: number): Promise<CampaignWorker> {
  quietRuntime();
  const native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection: native,
    taskQueue: api.config.TEMPORAL_TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db: api.db, handlers: createHandlerRegistry(), channels: createSimulatedChannel(api.db, { latencyMs }) }),
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await native.close();
    },
  };
}
