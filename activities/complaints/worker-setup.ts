/** Complaint wiring for a worker process: channels from the environment, handlers, a lazy Temporal client. */
import { Client, Connection } from '@temporalio/client';
import type { Connection as MongoConnection } from 'mongoose';
import { slaTaskQueue, type Config } from '../../config';
import { channelsFromEnv } from '../channels/from-env';
import type { ChannelRegistry } from '../channels/types';
import type { HandlerRegistry } from '../engine/handlers/registry';
import { registerComplaintHandlers } from './handlers';
import { ensureMonthlySummarySchedule } from './schedule';

export interface ComplaintWorkerSetup {
  channels: ChannelRegistry;
  /** Adds the complaint.* handlers to `registry` and returns it. */
  register(registry: HandlerRegistry): HandlerRegistry;
  /** Creates the monthly summary Schedule unless it exists. */
  ensureSchedules(): Promise<void>;
  close(): Promise<void>;
}

export function complaintWorkerSetup(
  db: MongoConnection,
  opts: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'TEMPORAL_SLA_TASK_QUEUE'>,
  env: NodeJS.ProcessEnv = process.env,
): ComplaintWorkerSetup {
  const channels = channelsFromEnv(env);
  let connection: Promise<Connection> | undefined;
  let cached: Promise<Client> | undefined;
  const client = (): Promise<Client> => {
    connection ??= Connection.connect({ address: opts.TEMPORAL_ADDRESS });
    cached ??= connection.then((c) => new Client({ connection: c, namespace: opts.TEMPORAL_NAMESPACE }));
    return cached;
  };
  return {
    channels,
    register: (registry) => registerComplaintHandlers(registry, { db, channels, temporal: { client, taskQueue: opts.TEMPORAL_TASK_QUEUE, slaActivityQueue: slaTaskQueue(opts) } }),
    ensureSchedules: async () => ensureMonthlySummarySchedule(await client(), opts.TEMPORAL_TASK_QUEUE),
    close: async () => {
      if (connection) await (await connection).close();
    },
  };
}
