/** Start-up and shutdown of the API process: config validation, first admin, readiness. */
import { Client, Connection } from '@temporalio/client';
import { execFile } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { loadConfig } from '../../config';
import { createApp } from '../../api/app';
import { start } from '../../api/main';
import { connectMongo } from '../../store/connection';
import { users } from '../../store/users';
import { TEMPORAL_ADDRESS, uniqueMongoUri } from '../support/servers';

const root = path.resolve(__dirname, '../..');

it('when a variable is invalid, then the process exits 1 naming it', async () => {
  const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'api/main.ts'],
      { cwd: root, env: { ...process.env, PORT: 'not-a-port', MONGODB_URI: 'mongodb://127.0.0.1:1/x' }, timeout: 30000 },
      (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
    );
  });
  expect(out.code).toBe(1);
  expect(out.stderr).toContain('PORT');
}, 40000);

it('on first start a random admin password is printed once; a restart creates nobody', async () => {
  const uri = uniqueMongoUri('api-life');
  const env = { ...process.env, MONGODB_URI: uri, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: undefined, ADMIN_USERNAME: 'root' };
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  let api;
  try {
    api = await start(env);
  } finally {
    spy.mockRestore();
  }
  const printed = lines.join('').match(/password "([^"]+)"/);
  expect(printed).not.toBeNull();
  const password = printed![1];
  expect(password.length).toBeGreaterThanOrEqual(20);
  await request(api.url).post('/auth/login').send({ username: 'root', password }).expect(200);
  await request(api.url).get('/health/ready').expect(200);
  await api.stop();

  const again: string[] = [];
  const spy2 = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    again.push(String(chunk));
    return true;
  });
  try {
    const api2 = await start(env);
    await api2.stop();
  } finally {
    spy2.mockRestore();
  }
  expect(again.join('')).not.toContain('password');
  const db = await connectMongo(uri);
  expect(await users(db).countDocuments({})).toBe(1);
  await db.dropDatabase();
  await db.close();
}, 60000);

it('readiness turns 503 when shutting down and names MongoDB when it is gone', async () => {
  const config = loadConfig({ MONGODB_URI: uniqueMongoUri('api-ready'), TEMPORAL_ADDRESS, LOG_LEVEL: 'silent' });
  const db = await connectMongo(config.MONGODB_URI);
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const { app, state } = await createApp({ config, db, temporal: new Client({ connection }), log: pino({ level: 'silent' }) });
  await request(app).get('/health/ready').expect(200);
  state.shuttingDown = true;
  const closing = await request(app).get('/health/ready').expect(503);
  expect(closing.body.detail).toContain('shutting down');
  await request(app).get('/health/live').expect(200);
  state.shuttingDown = false;
  await db.dropDatabase();
  await db.close();
  const down = await request(app).get('/health/ready').expect(503);
  expect(down.headers['content-type']).toMatch(/problem\+json/);
  expect(down.body).toMatchObject({ mongo: 'down', temporal: 'up' });
  expect(down.body.detail).toContain('mongodb');
  await connection.close();
});
