/** The app's safety net: health, problem+json errors, body limits, auth basics, docs and metrics. */
import request from 'supertest';
import { createTestApi, PASSWORD, type TestApi } from './helpers';
import { auditLog } from '../../store/audit';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('api-basics');
});
afterAll(async () => {
  await api.close();
});

describe('health', () => {
  it('when alive, then /health/live answers 200', async () => {
    await request(api.app).get('/health/live').expect(200, { status: 'live' });
  });
  it('when Mongo and Temporal answer, then /health/ready answers 200', async () => {
    const res = await request(api.app).get('/health/ready').expect(200);
    expect(res.body).toMatchObject({ mongo: 'up', temporal: 'up' });
  });
});

describe('errors are problem+json', () => {
  it('when the JSON is malformed, then 400 problem+json', async () => {
    const res = await request(api.app).post('/auth/login').set('Content-Type', 'application/json').send('{"username": "x",');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
  });
  it('when the body is over the limit, then 413', async () => {
    const res = await request(api.app)
      .post('/contacts')
      .set(api.auth('operator'))
      .send({ customerId: 'c1', business: 'B', channel: 'WEB', payload: { big: 'x'.repeat(200 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
  it('when a field is unknown, then 400 naming it (no mass assignment)', async () => {
    const res = await request(api.app)
      .post('/users')
      .set(api.auth('admin'))
      .send({ username: 'eve', password: 'long enough password', roles: ['agent'], isSuperuser: true });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('isSuperuser');
  });
  it('when a field has the wrong type, then 400 naming the field', async () => {
    const res = await request(api.app).post('/users').set(api.auth('admin')).send({ username: 'eve', password: 'short', roles: ['agent'] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.password');
  });
  it('when the route does not exist, then 404 problem+json', async () => {
    const res = await request(api.app).get('/nope').set(api.auth('admin'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
  it('when a request id is sent, then it is echoed back', async () => {
    const res = await request(api.app).get('/health/live').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
});

describe('authentication', () => {
  it('when the password is wrong, then 401 and the failed login is audited', async () => {
    await request(api.app).post('/auth/login').send({ username: 'admin-user', password: 'wrong password!' }).expect(401);
    const failed = await auditLog(api.db).find({ action: 'auth.login-failed', actor: 'admin-user' }).lean();
    expect(failed.length).toBeGreaterThan(0);
  });
  it('when the token is forged, then 401', async () => {
    await request(api.app).get('/auth/me').set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.').expect(401);
  });
  it('when logged in, then /auth/me shows the user without the password hash', async () => {
    const res = await request(api.app).get('/auth/me').set(api.auth('agent')).expect(200);
    expect(res.body).toMatchObject({ username: 'agent-user', roles: ['agent'], groups: ['billing'] });
    expect(res.body.passwordHash).toBeUndefined();
  });
  it('when an admin creates an API key, then a system can call with X-API-Key', async () => {
    const res = await request(api.app).post('/auth/api-keys').set(api.auth('admin')).send({ name: 'crm', roles: ['operator'] }).expect(201);
    const me = await request(api.app).get('/auth/me').set('X-API-Key', String(res.body.key)).expect(200);
    expect(me.body).toMatchObject({ kind: 'api-key', roles: ['operator'] });
    await request(api.app).get('/auth/me').set('X-API-Key', `${String(res.body.key).slice(0, -2)}xx`).expect(401);
  });
  it('when an admin changes roles, then the change applies at once and is audited', async () => {
    const created = await request(api.app)
      .post('/users')
      .set(api.auth('admin'))
      .send({ username: 'temp-user', password: PASSWORD, roles: ['agent'], groups: ['billing'] })
      .expect(201);
    await request(api.app).patch(`/users/${created.body._id}`).set(api.auth('admin')).send({ roles: ['auditor'] }).expect(200);
    const login = await request(api.app).post('/auth/login').send({ username: 'temp-user', password: PASSWORD }).expect(200);
    expect(login.body.user.roles).toEqual(['auditor']);
    expect(await auditLog(api.db).exists({ action: 'user.roles-change', target: created.body._id })).toBeTruthy();
  });
  it('when an admin changes or disables a user, then a token already in use (its roles just read) sees it on the next request', async () => {
    const created = await request(api.app)
      .post('/users')
      .set(api.auth('admin'))
      .send({ username: 'busy-user', password: PASSWORD, roles: ['agent'], groups: ['billing'] })
      .expect(201);
    const { token } = (await request(api.app).post('/auth/login').send({ username: 'busy-user', password: PASSWORD }).expect(200)).body as { token: string };
    const me = () => request(api.app).get('/auth/me').set('Authorization', `Bearer ${token}`);
    const listUsers = () => request(api.app).get('/users').set('Authorization', `Bearer ${token}`);
    await listUsers().expect(403);

    await request(api.app).patch(`/users/${created.body._id}`).set(api.auth('admin')).send({ roles: ['admin'] }).expect(200);
    await listUsers().expect(200);

    await request(api.app).patch(`/users/${created.body._id}`).set(api.auth('admin')).send({ disabled: true }).expect(200);
    await me().expect(401);
  });
});

describe('documents', () => {
  it('serves an OpenAPI 3.1 document built from the zod schemas', async () => {
    const res = await request(api.app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths as object)).toEqual(expect.arrayContaining(['/contacts', '/cases/{id}/cancel', '/touchpoints/matrix', '/audit/verify']));
  });
  it('serves a rendered reference page', async () => {
    const res = await request(api.app).get('/docs').expect(200);
    expect(res.text).toContain('/touchpoints/matrix');
  });
  it('serves Prometheus metrics', async () => {
    const res = await request(api.app).get('/metrics').expect(200);
    expect(res.text).toContain('http_requests_total');
  });
  it('lists service-task types', async () => {
    const res = await request(api.app).get('/service-task-types').set(api.auth('process-owner')).expect(200);
    expect((res.body as { type: string }[]).map((h) => h.type)).toContain('echo');
  });
});
