/**
 * The API process: validates configuration, connects MongoDB and Temporal, creates the first
 * admin, listens, and shuts down gracefully (readiness turns 503 first, in-flight requests finish).
 */
import { Client } from '@temporalio/client';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Connection } from 'mongoose';
import pino, { type Logger } from 'pino';
import { ConfigError, exitOnConfigError, loadConfig, type Config } from '../config';
import { connectMongo } from '../store/connection';
import { createApp } from './app';
import { ensureFirstAdmin } from './auth/auth.service';
import type { AppState } from './deps';
import { connectTemporal } from './temporal-connection';

export interface RunningApi {
  config: Config;
  server: Server;
  url: string;
  state: AppState;
  stop: () => Promise<void>;
}

let running: RunningApi | undefined;

/** Starts the API; throws ConfigError on a bad environment. */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<RunningApi> {
  const config = loadConfig(env);
  const log: Logger = pino({ level: config.LOG_LEVEL, name: 'touchpoint-api' });
  const db: Connection = await connectMongo(config.MONGODB_URI, { appName: 'touchpoint-api' });
  const tracked = await connectTemporal({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection: tracked.connection, namespace: config.TEMPORAL_NAMESPACE });
  await ensureFirstAdmin(db, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD, log });

  const { app, state } = await createApp({ config, db, temporal, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  log.info({ url }, 'API listening');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      state.shuttingDown = true; // readiness answers 503 from now on
      log.info('shutting down: no new connections, finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_GRACE_MS).unref());
      await Promise.race([closed, grace]);
      for (const s of sockets) s.destroy();
      // Temporal calls still running (a request cut off by the grace period, a call in retry
      // back-off) finish before the channel closes, within the same grace.
      const left = await tracked.close(config.SHUTDOWN_GRACE_MS).catch(() => []);
      if (left.length > 0) log.warn({ calls: left }, 'Temporal calls still in flight at close');
      await db.close().catch(() => undefined);
      log.info('stopped');
    })());
  running = { config, server, url, state, stop };
  return running;
}

/** Stops the API started by {@link start}. */
export async function stop(): Promise<void> {
  await running?.stop();
  running = undefined;
}

if (require.main === module) {
  start()
    .then((api) => {
      process.stdout.write(`Touchpoint API on ${api.url} (docs ${api.url}/docs)\n`);
      const onSignal = (sig: string): void => {
        process.stdout.write(`${sig} received, stopping\n`);
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => onSignal('SIGTERM'));
      process.once('SIGINT', () => onSignal('SIGINT'));
    })
    .catch((err: unknown) => {
      if (err instanceof ConfigError) exitOnConfigError(err);
      process.stderr.write(`API failed to start: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
}
