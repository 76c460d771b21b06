/**
 * Operating the API safely: API keys can be listed and revoked, unused touchpoints deleted (used
 * ones kept for their history), the rate limiter answers 429 problem+json, and a stop lets
 * in-flight requests finish while refusing new connections.
 */
import { Client, Connection } from '@temporalio/client';
import net from 'node:net';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { start } from '../../api/main';
import { loadConfig } from '../../config';
import { auditLog } from '../../store/audit';
import { connectMongo } from '../../store/connection';
import { contacts } from '../../store/contacts';
import { TEMPORAL_ADDRESS, uniqueMongoUri } from '../support/servers';
import { createTestApi, type TestApi } from './helpers';

describe('API keys and touchpoints', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('api-ops');
  });
  afterAll(async () => {
    await api.close();
  });

  it('when an admin revokes an API key, then it is refused at once, listed as revoked without its secret, and audited', async () => {
    const created = await request(api.app).post('/auth/api-keys').set(api.auth('admin')).send({ name: 'ivr', roles: ['operator'] }).expect(201);
    const key = String(created.body.key);
    await request(api.app).get('/auth/me').set('X-API-Key', key).expect(200);

    const listed = await request(api.app).get('/auth/api-keys').set(api.auth('auditor')).expect(200);
    const entry = (listed.body as Record<string, unknown>[]).find((k) => k.id === created.body.id);
    expect(entry).toMatchObject({ name: 'ivr', roles: ['operator'], revoked: false });
    expect(JSON.stringify(listed.body)).not.toMatch(/secretHash/);

    const revoked = await request(api.app).delete(`/auth/api-keys/${String(created.body.id)}`).set(api.auth('admin')).expect(200);
    expect(revoked.body).toMatchObject({ id: created.body.id, revoked: true, revokedBy: 'admin-user' });
    const refused = await request(api.app).get('/auth/me').set('X-API-Key', key).expect(401);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    // Revoking again changes nothing and writes no second audit entry.
    await request(api.app).delete(`/auth/api-keys/${String(created.body.id)}`).set(api.auth('admin')).expect(200);
    expect(await auditLog(api.db).countDocuments({ action: 'api-key.revoke', target: created.body.id })).toBe(1);
  });

  it('when the key id is unknown or malformed, then 404 or 400 naming the parameter', async () => {
    await request(api.app).delete('/auth/api-keys/0123456789abcdef').set(api.auth('admin')).expect(404);
    const bad = await request(api.app).delete('/auth/api-keys/not-a-key').set(api.auth('admin')).expect(400);
    expect(JSON.stringify(bad.body)).toContain('id');
  });

  it('when a touchpoint has routed no contact, then it can be deleted; once used, deleting it is 409 and it stays', async () => {
    await request(api.app).post('/touchpoints/businesses').set(api.auth('process-owner')).send({ code: 'OPS', name: 'Ops', class: 'consultation' }).expect(201);
    const unused = await request(api.app).post('/touchpoints').set(api.auth('process-owner')).send({ business: 'OPS', channel: 'WEB' }).expect(201);
    const used = await request(api.app).post('/touchpoints').set(api.auth('process-owner')).send({ business: 'OPS', channel: 'SMS' }).expect(201);
    const unusedCode = String(unused.body._id);
    const usedCode = String(used.body._id);

    await request(api.app).delete(`/touchpoints/${unusedCode}`).set(api.auth('process-owner')).expect(200, { deleted: unusedCode });
    await request(api.app).get(`/touchpoints/${unusedCode}`).set(api.auth('auditor')).expect(404);
    expect(await auditLog(api.db).exists({ action: 'touchpoint.delete', target: unusedCode })).toBeTruthy();

    await contacts(api.db).collection.insertOne({
      _id: 'k-ops-1',
      idempotencyKey: 'k-ops-1',
      customerId: 'c-ops',
      business: 'OPS',
      channel: 'SMS',
      touchpoint: usedCode,
      caseId: 'case-ops-1',
      createdAt: new Date(),
    } as never);
    const conflict = await request(api.app).delete(`/touchpoints/${usedCode}`).set(api.auth('admin')).expect(409);
    expect(conflict.headers['content-type']).toMatch(/problem\+json/);
    expect(conflict.body.detail).toContain(usedCode);
    await request(api.app).get(`/touchpoints/${usedCode}`).set(api.auth('auditor')).expect(200);
    await request(api.app).delete(`/touchpoints/${usedCode}`).set(api.auth('auditor')).expect(403);
  });
});

describe('rate limiting', () => {
  it('when a client exceeds the limit, then 429 problem+json with RateLimit headers, while health checks still answer', async () => {
    const config = loadConfig({ MONGODB_URI: uniqueMongoUri('api-rate'), TEMPORAL_ADDRESS, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '3' });
    const db = await connectMongo(config.MONGODB_URI);
    const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
    try {
      const { app } = await createApp({ config, db, temporal: new Client({ connection }), log: pino({ level: 'silent' }) });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await request(app).get('/auth/me')).status);
      expect(statuses).toEqual([401, 401, 401]);
      const limited = await request(app).get('/auth/me').expect(429);
      expect(limited.headers['content-type']).toMatch(/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429 });
      expect(limited.headers.ratelimit ?? limited.headers['ratelimit-policy']).toBeDefined();
      await request(app).get('/health/live').expect(200);
    } finally {
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await connection.close();
    }
  });
});

describe('graceful stop', () => {
  it('when the API stops during a request, then that request completes, the app is flagged as shutting down (readiness 503), and new connections are refused', async () => {
    const password = 'in-flight-password-123';
    const api = await start({
      ...process.env,
      MONGODB_URI: uniqueMongoUri('api-stop'),
      TEMPORAL_ADDRESS,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: password,
      SHUTDOWN_GRACE_MS: '20000',
    });
    const { port } = new URL(api.url);
    const body = JSON.stringify({ username: 'root', password });
    const half = Math.floor(body.length / 2);

    // Open a request and send only half of its body, so it is in flight when the stop begins.
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 200));

    const stopping = api.stop();
    expect(api.state.shuttingDown).toBe(true);
    const refused = await new Promise<string>((resolve) => {
      const probe = net.connect({ host: '127.0.0.1', port: Number(port) });
      probe.once('connect', () => {
        probe.destroy();
        resolve('connected');
      });
      probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');

    socket.write(body.slice(half));
    await closed; // the server closes the connection after answering, since it is stopping
    await stopping;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('"token"');
  });
});
