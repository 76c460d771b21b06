/** NoSQL operator injection in bodies and queries is refused with 400, leaks nothing, pollutes nothing. */
import request from 'supertest';
import { createTestApi, PASSWORD, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('api-inject');
  await request(api.app)
    .post('/customers')
    .set(api.auth('admin'))
    .send({ id: 'cust-1', name: 'Zhang San', phones: ['13812345678'], emails: ['zhang@example.com'] })
    .expect(201);
});
afterAll(async () => {
  await api.close();
});
afterEach(() => {
  // Nothing may ever land on Object.prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

const bodies: [string, string][] = [
  ['$ne in login username', '{"username": {"$ne": null}, "password": {"$ne": null}}'],
  ['$regex in login username', '{"username": {"$regex": ".*"}, "password": "x"}'],
  ['$where at top level', '{"$where": "this.password.length > 0", "username": "a", "password": "b"}'],
  ['$nor at top level', '{"$nor": [{"username": "x"}], "username": "a", "password": "b"}'],
  ['__proto__ pollution', '{"username": "a", "password": "b", "__proto__": {"polluted": true, "isAdmin": true}}'],
  ['constructor.prototype pollution', '{"username": "a", "password": "b", "constructor": {"prototype": {"polluted": true}}}'],
];

describe.each(bodies)('login body with %s', (_name, raw) => {
  it('answers 400 problem+json with no token and no user data', async () => {
    const res = await request(api.app).post('/auth/login').set('Content-Type', 'application/json').send(raw);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.token).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2|admin-user/);
  });
});

const nested: [string, unknown][] = [
  ['$ne inside a free-form payload', { customerId: 'cust-1', business: 'B', channel: 'WEB', payload: { x: { $ne: null } } }],
  ['$where inside a free-form payload', { customerId: 'cust-1', business: 'B', channel: 'WEB', payload: { $where: 'sleep(1000)' } }],
  ['operator object as customerId', { customerId: { $gt: '' }, business: 'B', channel: 'WEB' }],
  ['__proto__ inside a payload', JSON.parse('{"customerId":"cust-1","business":"B","channel":"WEB","payload":{"__proto__":{"polluted":true}}}')],
];
describe.each(nested)('contact with %s', (_name, body) => {
  it('answers 400', async () => {
    const res = await request(api.app).post('/contacts').set(api.auth('operator')).send(body as object);
    expect(res.status).toBe(400);
  });
});

const queries = ['/customers?segment[$ne]=x', '/customers?$where=1', '/audit?actor[$regex]=.*', '/cases?status[$ne]=running', '/tasks?assignee[$ne]=nobody', '/customers?__proto__[polluted]=1', '/customers?constructor=x'];
describe.each(queries)('query %s', (url) => {
  it('answers 400 and leaks nothing', async () => {
    const res = await request(api.app).get(url).set(api.auth('admin'));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Zhang');
  });
});

it('a guessed id with operator characters is refused, not matched', async () => {
  const res = await request(api.app).get('/customers/%7B%22%24ne%22%3Anull%7D').set(api.auth('admin'));
  expect(res.status).toBe(400);
});

it('a correct login still works after all that', async () => {
  await request(api.app).post('/auth/login').send({ username: 'admin-user', password: PASSWORD }).expect(200);
});

it('masks personal data for agents and auditors, not for admins and operators', async () => {
  const full = await request(api.app).get('/customers/cust-1').set(api.auth('operator')).expect(200);
  expect(full.body).toMatchObject({ name: 'Zhang San', phones: ['13812345678'], masked: false });
  for (const role of ['agent', 'auditor'] as const) {
    const masked = await request(api.app).get('/customers/cust-1').set(api.auth(role)).expect(200);
    expect(masked.body.masked).toBe(true);
    expect(JSON.stringify(masked.body)).not.toMatch(/Zhang San|13812345678|zhang@example\.com/);
    expect(masked.body.phones[0]).toMatch(/^\d{0,3}\*+5678$/);
  }
});
