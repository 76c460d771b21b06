/** Deploying BPMN and building the touchpoint map. */
import request from 'supertest';
import { auditLog } from '../../store/audit';
import { createTestApi, fixture, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('api-defs');
});
afterAll(async () => {
  await api.close();
});

describe('definitions', () => {
  it('when XML is posted as text/xml, then version 1 is stored with hash, author and note', async () => {
    const res = await request(api.app).post('/definitions?note=first').set(api.auth('process-owner')).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ _id: 'Process_bill_query:1', processId: 'Process_bill_query', version: 1, author: 'process-owner-user', note: 'first', created: true });
    expect(res.body.xmlHash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('when the same XML is deployed again (as JSON), then the existing version comes back', async () => {
    const res = await request(api.app).post('/definitions').set(api.auth('admin')).send({ xml: fixture('user-task.bpmn'), note: 'again' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ _id: 'Process_bill_query:1', created: false });
  });
  it('when a changed model is uploaded as multipart, then it becomes version 2', async () => {
    const res = await request(api.app)
      .post('/definitions')
      .set(api.auth('process-owner'))
      .field('note', 'adds a note step')
      .attach('file', Buffer.from(fixture('user-task-v2.bpmn')), { filename: 'v2.bpmn', contentType: 'application/xml' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, note: 'adds a note step' });
  });
  it('when a model has errors, then 422 lists them by element', async () => {
    const res = await request(api.app).post('/definitions').set(api.auth('process-owner')).set('Content-Type', 'application/xml').send(fixture('broken.bpmn'));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect((res.body.errors as { elementId?: string }[]).some((e) => e.elementId === 'Process_broken')).toBe(true);
  });
  it('when the body is not XML at all, then 422 and never 500', async () => {
    const res = await request(api.app).post('/definitions').set(api.auth('process-owner')).set('Content-Type', 'text/xml').send('<<<not xml');
    expect(res.status).toBe(422);
  });
  it('lists, gets and compares versions', async () => {
    const list = await request(api.app).get('/definitions?processId=Process_bill_query').set(api.auth('auditor')).expect(200);
    expect((list.body as { version: number }[]).map((d) => d.version)).toEqual([2, 1]);
    expect(list.body[0].xml).toBeUndefined();
    const one = await request(api.app).get('/definitions/Process_bill_query:1').set(api.auth('operator')).expect(200);
    expect(one.body.xml).toContain('Task_answer');
    expect(one.body.graph.elements.Task_answer.type).toBe('bpmn:UserTask');
    const diff = await request(api.app).get('/definitions/Process_bill_query/compare?from=1&to=2').set(api.auth('auditor')).expect(200);
    expect(diff.body.added).toEqual(expect.arrayContaining(['Task_note', 'Flow_3']));
    expect(diff.body.changed).toEqual(expect.arrayContaining(['End_1', 'Flow_2']));
    expect(diff.body.removed).toEqual([]);
  });
  it('when a version is retired, then it leaves the default list and the retirement is audited', async () => {
    await request(api.app).post('/definitions/Process_bill_query:2/retire').set(api.auth('process-owner')).expect(200);
    const list = await request(api.app).get('/definitions').set(api.auth('auditor')).expect(200);
    expect((list.body as { _id: string }[]).map((d) => d._id)).toEqual(['Process_bill_query:1']);
    expect(await auditLog(api.db).exists({ action: 'definition.retire', target: 'Process_bill_query:2' })).toBeTruthy();
  });
  it('when the id is unknown, then 404', async () => {
    await request(api.app).get('/definitions/Nope:9').set(api.auth('admin')).expect(404);
  });
});

describe('touchpoint map', () => {
  beforeAll(async () => {
    const owner = api.auth('process-owner');
    await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'BILL', name: 'Bill query', class: 'query' }).expect(201);
    await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'CMP', name: 'Complaint', class: 'complaint' }).expect(201);
    await request(api.app).post('/touchpoints/segments').set(owner).send({ code: 'GOLD', name: 'Gold customers' }).expect(201);
    await request(api.app).post('/touchpoints/channels').set(owner).send({ code: 'WECHAT', name: 'WeChat' }).expect(201);
  });
  it('starts with the standard channels and accepts new ones', async () => {
    const res = await request(api.app).get('/touchpoints/channels').set(api.auth('operator')).expect(200);
    expect((res.body as { _id: string }[]).map((c) => c._id)).toEqual(expect.arrayContaining(['VOICE', 'IVR', 'WEB', 'SMS', 'APP', 'EMAIL', 'F2F', 'WECHAT']));
  });
  it('when a touchpoint is created, then its code is channel-segment-business', async () => {
    const a = await request(api.app).post('/touchpoints').set(api.auth('process-owner')).send({ business: 'BILL', channel: 'VOICE', processId: 'Process_bill_query' }).expect(201);
    expect(a.body._id).toBe('VOICE-ALL-BILL');
    const b = await request(api.app).post('/touchpoints').set(api.auth('process-owner')).send({ business: 'BILL', channel: 'WEB', segment: 'GOLD' }).expect(201);
    expect(b.body._id).toBe('WEB-GOLD-BILL');
    await request(api.app).post('/touchpoints').set(api.auth('process-owner')).send({ business: 'CMP', channel: 'SMS' }).expect(201);
    await request(api.app).post('/touchpoints').set(api.auth('process-owner')).send({ business: 'BILL', channel: 'VOICE' }).expect(409);
    await request(api.app).post('/touchpoints').set(api.auth('process-owner')).send({ business: 'NOPE', channel: 'VOICE' }).expect(422);
  });
  it('reports blind spots and processes that serve no touchpoint', async () => {
    const res = await request(api.app).get('/touchpoints/report').set(api.auth('auditor')).expect(200);
    expect((res.body.blindSpots as { code: string }[]).map((b) => b.code).sort()).toEqual(['SMS-ALL-CMP', 'WEB-GOLD-BILL']);
    expect(res.body.processesWithoutTouchpoint).toEqual([]);
  });
  it('when a process is assigned (pinned), then the blind spot closes and the change is audited', async () => {
    const res = await request(api.app).put('/touchpoints/WEB-GOLD-BILL/process').set(api.auth('process-owner')).send({ processId: 'Process_bill_query', version: 1 }).expect(200);
    expect(res.body).toMatchObject({ processId: 'Process_bill_query', version: 1 });
    await request(api.app).put('/touchpoints/WEB-GOLD-BILL/process').set(api.auth('process-owner')).send({ processId: 'Process_unknown' }).expect(422);
    const report = await request(api.app).get('/touchpoints/report').set(api.auth('auditor')).expect(200);
    expect((report.body.blindSpots as { code: string }[]).map((b) => b.code)).toEqual(['SMS-ALL-CMP']);
    const entry = await auditLog(api.db).findOne({ action: 'touchpoint.assign', target: 'WEB-GOLD-BILL' }).lean();
    expect(entry?.after).toMatchObject({ processId: 'Process_bill_query', version: 1 });
  });
  it('shows the matrix business × channel', async () => {
    const res = await request(api.app).get('/touchpoints/matrix').set(api.auth('operator')).expect(200);
    const bill = (res.body.rows as { business: string; cells: Record<string, unknown[]> }[]).find((r) => r.business === 'BILL')!;
    expect(bill.cells.VOICE).toEqual([{ code: 'VOICE-ALL-BILL', processId: 'Process_bill_query' }]);
    expect(bill.cells.WEB[0]).toMatchObject({ code: 'WEB-GOLD-BILL', segment: 'GOLD', version: 1 });
    expect(bill.cells.SMS).toEqual([]);
  });
});
