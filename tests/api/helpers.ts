/**
 * An API under test: createApp on a fresh FerretDB database and the real Temporal server, with
 * one logged-in user per role (plus a second agent in another group for object-level checks).
 */
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Connection as MongoConnection } from 'mongoose';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../config';
import { createActivities } from '../../activities';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { createApp } from '../../api/app';
import { hashPassword } from '../../api/auth/auth.service';
import { connectTemporal } from '../../api/temporal-connection';
import { connectMongo } from '../../store/connection';
import { users, ROLES, type Role } from '../../store/users';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../support/servers';

export const PASSWORD = 'correct horse battery staple';

export interface TestApi {
  app: Express;
  db: MongoConnection;
  temporal: Client;
  config: Config;
  tokens: Record<Role | 'agent2', string>;
  userIds: Record<Role | 'agent2', string>;
  auth(who: Role | 'agent2'): { Authorization: string };
  close(): Promise<void>;
}

export function fixture(name: string): string {
  return readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
}

export async function createTestApi(prefix: string, env: Record<string, string> = {}): Promise<TestApi> {
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: uniqueMongoUri(prefix),
    TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue(prefix),
    LOG_LEVEL: 'silent',
    BODY_LIMIT: '100kb',
    ...env,
  });
  const db = await connectMongo(config.MONGODB_URI);
  const tracked = await connectTemporal({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection: tracked.connection });
  const { app } = await createApp({ config, db, temporal, log: pino({ level: 'silent' }) });

  const who: (Role | 'agent2')[] = [...ROLES, 'agent2'];
  const tokens = {} as TestApi['tokens'];
  const userIds = {} as TestApi['userIds'];
  const passwordHash = await hashPassword(PASSWORD);
  for (const w of who) {
    const role: Role = w === 'agent2' ? 'agent' : w;
    const id = randomUUID();
    userIds[w] = id;
    await users(db).create({
      _id: id,
      username: `${w}-user`,
      passwordHash,
      roles: [role],
      groups: w === 'agent' ? ['billing'] : w === 'agent2' ? ['complaints'] : [],
      skills: [],
      languages: ['zh'],
      disabled: false,
    });
    const res = await request(app).post('/auth/login').send({ username: `${w}-user`, password: PASSWORD }).expect(200);
    tokens[w] = (res.body as { token: string }).token;
  }
  return {
    app,
    db,
    temporal,
    config,
    tokens,
    userIds,
    auth: (w) => ({ Authorization: `Bearer ${tokens[w]}` }),
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      // Calls still in flight (one in the SDK's retry back-off) settle first: closing under them
      // makes the retry timer throw "Channel has been shut down" outside the test.
      const left = await tracked.close(15_000);
      if (left.length > 0) console.warn(`${prefix}: Temporal calls still in flight at close: ${left.join(', ')}`);
    },
  };
}

export interface TestWorker {
  stop(): Promise<void>;
}

/** A real worker for the API under test: the BPMN interpreter and the engine's activities on its task queue. */
export async function startEngineWorker(api: TestApi): Promise<TestWorker> {
  const noop = (): void => undefined;
  const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
  const native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection: native,
    taskQueue: api.config.TEMPORAL_TASK_QUEUE,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet }),
    activities: createActivities({ db: api.db, handlers: createHandlerRegistry() }),
  });
  const running = worker.run();
  return {
    stop: async () => {
      worker.shutdown();
      await running;
      await native.close();
    },
  };
}

/** Polls `fn` until it yields a value, or fails after `ms`. */
export async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 45000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
