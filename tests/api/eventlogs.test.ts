/**
 * Event logs on the real MongoDB-protocol server: XES and CSV uploads stream into stored logs with
 * progress that can be polled, bad CSV rows are reported by line, and XES import → export keeps
 * every event and attribute.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { parseXes } from '../../core/eventlog';
import { createTestApi, fixture, type TestApi } from './helpers';

let api: TestApi;
let server: http.Server;
let base: string;

beforeAll(async () => {
  api = await createTestApi('api-eventlogs');
  await request(api.app).post('/definitions').set(api.auth('process-owner')).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn')).expect(201);
  server = http.createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await api?.close();
});

const owner = (): { Authorization: string } => api.auth('process-owner');

async function createLog(body: Record<string, unknown>): Promise<string> {
  const res = await request(api.app).post('/eventlogs').set(owner()).send(body).expect(201);
  expect(res.body.status).toBe('awaiting-upload');
  return res.body._id as string;
}

describe('XES import and export', () => {
  it('when an XES log is imported and exported, then every trace, event and attribute survives', async () => {
    const xml = fixture('eventlogs/rich.xes');
    const id = await createLog({ name: 'rich', format: 'xes', processId: 'Process_bill_query', version: 1, touchpoint: 'BILL-WEB' });
    const up = await request(api.app).put(`/eventlogs/${id}/content`).set(owner()).set('Content-Type', 'application/octet-stream').send(Buffer.from(xml)).expect(200);
    expect(up.body.status).toBe('done');
    expect(up.body.counts).toMatchObject({ traces: 3, events: 3, rejected: 0 });
    expect(up.body).toMatchObject({ processId: 'Process_bill_query', version: 1, touchpoint: 'BILL-WEB' });

    const out = await request(api.app).get(`/eventlogs/${id}/xes`).set(api.auth('auditor')).buffer(true).parse((res, cb) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => cb(null, text));
    }).expect(200);
    expect(out.headers['content-type']).toMatch(/application\/xml/);
    const original = parseXes(xml);
    const exported = parseXes(out.body as string);
    expect(exported).toEqual(original);
    // Spot checks that the comparison is about real content.
    const ev = exported.traces[0].events[0].attributes;
    expect(ev.find((a) => a.key === 'time:timestamp')).toMatchObject({ type: 'date', text: '2026-03-01T09:15:00.123+08:00' });
    expect(ev.find((a) => a.key === 'note')).toMatchObject({ value: 'line one\nline two "quoted"', children: [{ key: 'lang', value: 'zh-CN' }] });
    expect(exported.traces[1].events[0].attributes.find((a) => a.key === 'score')).toMatchObject({ value: -Infinity });
    expect(exported.classifiers).toContainEqual({ name: 'Resource', keys: 'org:resource', extra: { scope: 'event' } });
  });

  it('when the XES is malformed, then the upload answers 422 with the line and the log is marked failed', async () => {
    const id = await createLog({ name: 'broken', format: 'xes' });
    const res = await request(api.app)
      .put(`/eventlogs/${id}/content`)
      .set(owner())
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('<log>\n  <trace>\n    <event>\n  </trace>\n</log>\n'))
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/line 4/);
    const log = await request(api.app).get(`/eventlogs/${id}`).set(owner()).expect(200);
    expect(log.body.status).toBe('failed');
    expect(log.body.counts.traces).toBe(0);
  });

  it('when a log already has its content, then a second upload is a 409', async () => {
    const id = await createLog({ name: 'once', format: 'xes' });
    await request(api.app).put(`/eventlogs/${id}/content`).set(owner()).set('Content-Type', 'application/octet-stream').send(Buffer.from(fixture('eventlogs/rich.xes'))).expect(200);
    await request(api.app).put(`/eventlogs/${id}/content`).set(owner()).set('Content-Type', 'application/octet-stream').send(Buffer.from(fixture('eventlogs/rich.xes'))).expect(409);
  });
});

describe('CSV import', () => {
  const mapping = { case: 'Case', activity: 'Step', timestamp: 'When', resource: 'Who', department: 'Dept' };

  it('when some rows are bad, then good rows are imported and each bad row is reported by its line', async () => {
    const csv = [
      'Case,Step,When,Who,Dept',
      'c1,Answer the customer,2026-03-01T09:00:00Z,zhang,billing',
      'c1,Close,2026-03-01T08:00:00Z,zhang,billing',
      ',Answer the customer,2026-03-01T09:00:00Z,li,billing',
      'c2,Answer the customer,not a date,li,billing',
      'c2,"Answer the customer",2026-03-02T09:00:00Z,li,"bill,ing"',
      'c3,Close,2026-03-02T09:00:00Z',
      '',
    ].join('\n');
    const id = await createLog({ name: 'csv', format: 'csv', processId: 'Process_bill_query', mapping });
    const res = await request(api.app).put(`/eventlogs/${id}/content`).set(owner()).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(res.body.counts).toMatchObject({ rows: 6, traces: 2, events: 3, rejected: 3 });
    const lines = (res.body as { rowErrors: { line: number }[] }).rowErrors.map((e) => e.line);
    expect(lines).toEqual([4, 5, 7]);
    expect(res.body.rowErrors[0].message).toMatch(/empty case/);
    expect(res.body.rowErrors[1].message).toMatch(/unparsable timestamp "not a date"/);
    expect(res.body.rowErrors[2].message).toMatch(/expected 5 fields, found 3/);

    const out = await request(api.app).get(`/eventlogs/${id}/xes`).set(owner()).buffer(true).parse((r, cb) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => cb(null, text));
    });
    const log = parseXes(out.body as string);
    // Events of a case are ordered by time: Close (08:00) before Answer (09:00).
    expect(log.traces[0].events.map((e) => e.attributes.find((a) => a.key === 'concept:name'))).toMatchObject([{ value: 'Close' }, { value: 'Answer the customer' }]);
    expect(log.traces[1].events[0].attributes).toContainEqual({ type: 'string', key: 'org:group', value: 'bill,ing' });
    expect(log.traces[1].events[0].attributes).toContainEqual({ type: 'string', key: 'org:resource', value: 'li' });
  });

  it('when a large CSV streams in slowly, then its progress can be polled before the upload ends', async () => {
    const id = await createLog({ name: 'slow', format: 'csv', mapping });
    const rows = (from: number, n: number): string =>
      Array.from({ length: n }, (_, i) => `c${(from + i) % 50},Answer the customer,2026-03-01T09:00:00Z,zhang,billing\n`).join('');
    const req = http.request(`${base}/eventlogs/${id}/content`, { method: 'PUT', headers: { ...owner(), 'Content-Type': 'text/csv' } });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    req.write(`Case,Step,When,Who,Dept\n${rows(0, 1000)}`);
    let mid: { status: string; counts: { rows: number } } | undefined;
    for (let i = 0; i < 100; i++) {
      const r = await request(api.app).get(`/eventlogs/${id}`).set(api.auth('auditor')).expect(200);
      if (r.body.counts.rows > 0) {
        mid = r.body;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(mid?.status).toBe('importing');
    expect(mid?.counts.rows).toBeGreaterThan(0);
    expect(mid?.counts.rows).toBeLessThanOrEqual(1000);
    req.end(rows(1000, 1500));
    const done = await response;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).counts).toMatchObject({ rows: 2500, events: 2500, traces: 50, rejected: 0 });
  });
});

describe('validation and roles', () => {
  it('when a CSV log has no mapping, then 400 names body.mapping', async () => {
    const res = await request(api.app).post('/eventlogs').set(owner()).send({ name: 'x', format: 'csv' }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body.mapping' }));
  });

  it('when the process version is not deployed, then 422 names body.version', async () => {
    const res = await request(api.app).post('/eventlogs').set(owner()).send({ name: 'x', format: 'xes', processId: 'Process_bill_query', version: 9 }).expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body.version' }));
  });

  it('when an agent or an auditor writes, or an agent reads, then 403', async () => {
    await request(api.app).post('/eventlogs').set(api.auth('agent')).send({ name: 'x', format: 'xes' }).expect(403);
    await request(api.app).post('/eventlogs').set(api.auth('auditor')).send({ name: 'x', format: 'xes' }).expect(403);
    await request(api.app).get('/eventlogs').set(api.auth('agent')).expect(403);
    await request(api.app).get('/eventlogs').expect(401);
    const list = await request(api.app).get('/eventlogs').set(api.auth('auditor')).expect(200);
    expect(list.body.total).toBeGreaterThan(0);
  });

  it('when the log id is not a uuid, then 400 names params.id', async () => {
    const res = await request(api.app).get('/eventlogs/nope').set(owner()).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'params.id' }));
  });
});
