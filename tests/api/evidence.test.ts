/**
 * Audit on the real servers: cases run by a Temporal worker, then their history (JSON), trace (XES),
 * the process log (XES), conformance of engine cases (an operator's skip is an override), replay
 * against the running code (reproduced) and against a deliberately changed workflow (caught), and a
 * signed evidence bundle that the offline verifier accepts and rejects once tampered with.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { replayCase } from '../../api/audit/replay.service';
import { verifyEvidence, type EvidenceBundle } from '../../core/audit/evidence';
import { parseXes } from '../../core/eventlog';
import { caseRecordModel } from '../../store/engine/case-record';
import { traceEventModel } from '../../store/engine/trace-event';
import { createTestApi, fixture, startEngineWorker, type TestApi, type TestWorker } from './helpers';

const run = Date.now().toString(36);
let api: TestApi;
let worker: TestWorker | undefined;
let doneCase: string;
let skippedCase: string;

const text = (res: request.Response, cb: (err: Error | null, body: unknown) => void): void => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => cb(null, body));
};

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 45000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function startCase(key: string): Promise<{ caseId: string; taskId: string }> {
  const start = await request(api.app).post('/contacts').set(api.auth('agent')).send({ customerId: 'cust-e', business: 'BILL', channel: 'WEB', idempotencyKey: `${key}-${run}` }).expect(201);
  const caseId = (start.body as { caseId: string }).caseId;
  const task = await until(async () => {
    const res = await request(api.app).get(`/tasks?caseId=${caseId}`).set(api.auth('agent')).expect(200);
    return (res.body.items as { taskId: string }[])[0];
  });
  return { caseId, taskId: task.taskId };
}

/** The case record says completed and the last trace events (the end event) are written too. */
const completed = async (caseId: string): Promise<void> => {
  await until(async () => (await caseRecordModel(api.db).findOne({ caseId, status: 'completed' }).lean()) ?? undefined);
  await until(async () => traceEventModel(api.db).exists({ caseId, elementId: 'End_1', lifecycle: 'complete' }));
};

beforeAll(async () => {
  api = await createTestApi('api-evidence');
  worker = await startEngineWorker(api);
  const owner = api.auth('process-owner');
  await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn')).expect(201);
  await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'BILL', name: 'Bill query', class: 'query' }).expect(201);
  await request(api.app).post('/touchpoints').set(owner).send({ business: 'BILL', channel: 'WEB', processId: 'Process_bill_query' }).expect(201);
  await request(api.app).post('/customers').set(api.auth('operator')).send({ id: 'cust-e', name: 'Wang Wu', phones: ['13900002222'] }).expect(201);

  const a = await startCase('evidence-done');
  doneCase = a.caseId;
  await request(api.app).post(`/tasks/${a.taskId}/complete`).set(api.auth('agent')).send({ data: { answer: 'explained' } }).expect(200);
  await completed(doneCase);

  const b = await startCase('evidence-skip');
  skippedCase = b.caseId;
  await request(api.app).post(`/cases/${skippedCase}/skip`).set(api.auth('operator')).send({ elementId: 'Task_answer', reason: 'customer hung up' }).expect(200);
  await completed(skippedCase);
}, 120000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

describe('conformance of engine cases', () => {
  it('when a case ran by the book, then it is conformant with fitness 1 by both measures', async () => {
    const res = await request(api.app).get(`/conformance/cases/${doneCase}`).set(api.auth('auditor')).expect(200);
    expect(res.body).toMatchObject({ caseId: doneCase, processId: 'Process_bill_query', version: 1, verdict: 'conformant', fitness: 1, tokenFitness: 1, deviations: [], events: 1 });
  });

  it('when an operator skipped the task, then the case shows exactly an operator override', async () => {
    const res = await request(api.app).get(`/conformance/cases/${skippedCase}`).set(api.auth('operator')).expect(200);
    expect(res.body.verdict).toBe('deviant');
    expect(res.body.deviations).toEqual([{ kind: 'operator-override', activity: 'Answer the customer', eventIndex: 0 }]);
  });

  it("when the engine's events are snapshotted as a log and run, then both cases are checked the same way", async () => {
    const log = await request(api.app).post('/eventlogs/from-engine').set(api.auth('process-owner')).send({ name: 'engine', processId: 'Process_bill_query', version: 1 }).expect(201);
    expect(log.body.counts.traces).toBe(2);
    const r = await request(api.app).post('/conformance/runs').set(api.auth('process-owner')).send({ processId: 'Process_bill_query', logId: log.body._id }).expect(201);
    expect(r.body.summary).toMatchObject({ cases: 2, conformant: 1, deviant: 1, byKind: { 'operator-override': 1 } });
    const direct = await request(api.app).post('/conformance/runs').set(api.auth('process-owner')).send({ processId: 'Process_bill_query', version: 1 }).expect(201);
    expect(direct.body.summary).toMatchObject({ cases: 2, conformant: 1, deviant: 1, byKind: { 'operator-override': 1 } });
  });
});

describe('exports', () => {
  it("when an auditor asks for a case's history, then it gets Temporal's events as JSON", async () => {
    const res = await request(api.app).get(`/audit/cases/${doneCase}/history`).set(api.auth('auditor')).expect(200);
    const events = res.body.events as { eventType: string }[];
    expect(events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(events[events.length - 1].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
    await request(api.app).get(`/audit/cases/${doneCase}/history`).set(api.auth('agent')).expect(403);
    await request(api.app).get('/audit/cases/no-such-case/history').set(api.auth('auditor')).expect(404);
  });

  it("when a case's trace is exported, then the XES holds every trace event with its fields", async () => {
    const res = await request(api.app).get(`/audit/cases/${doneCase}/trace.xes`).set(api.auth('auditor')).buffer(true).parse(text).expect(200);
    const log = parseXes(res.body as string);
    const stored = await traceEventModel(api.db).find({ caseId: doneCase }).sort({ seq: 1 }).lean();
    expect(log.traces).toHaveLength(1);
    expect(log.traces[0].events).toHaveLength(stored.length);
    const names = log.traces[0].events.map((e) => e.attributes.find((a) => a.key === 'concept:name'));
    expect(names.map((n) => (n?.type === 'string' ? n.value : undefined))).toEqual(stored.map((s) => s.elementName ?? s.elementId));
    const seqs = log.traces[0].events.map((e) => e.attributes.find((a) => a.key === 'tp:seq'));
    expect(seqs.map((s) => (s?.type === 'int' ? s.value : undefined))).toEqual(stored.map((s) => s.seq));
  });

  it("when a process's log is exported, then it is XES with one trace per case", async () => {
    const res = await request(api.app).get('/audit/processes/Process_bill_query/log.xes?version=1').set(api.auth('process-owner')).buffer(true).parse(text).expect(200);
    const log = parseXes(res.body as string);
    const ids = log.traces.map((t) => t.attributes.find((a) => a.key === 'concept:name')).map((a) => (a?.type === 'string' ? a.value : ''));
    expect(ids.sort()).toEqual([doneCase, skippedCase].sort());
    await request(api.app).get('/audit/processes/Process_bill_query/log.xes').set(api.auth('agent')).expect(403);
  });
});

describe('replay', () => {
  it('when an auditor replays a case against the running code, then it is reproduced', async () => {
    const res = await request(api.app).post('/audit/replay').set(api.auth('auditor')).send({ caseId: doneCase }).expect(200);
    expect(res.body).toMatchObject({ caseId: doneCase, result: 'reproduced' });
    expect(res.body.events).toBeGreaterThan(5);
    expect(res.body.buildId).toMatch(/^@temporalio\/worker@[\d.]+\+[0-9a-f]{64}$/);
    await request(api.app).post('/audit/replay').set(api.auth('agent')).send({ caseId: doneCase }).expect(403);
    const bad = await request(api.app).post('/audit/replay').set(api.auth('admin')).send({ case: doneCase }).expect(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'body.caseId' }));
  }, 60000);

  it('when the workflow code was changed, then replay reports the non-determinism', async () => {
    const verdict = await replayCase(api.temporal, doneCase, require.resolve('./fixtures/changed-workflows'));
    expect(verdict.result).toBe('non-determinism');
    expect(verdict.detail).toMatch(/nondetermin/i);
    const same = await replayCase(api.temporal, skippedCase);
    expect(same.result).toBe('reproduced');
  }, 60000);
});

describe('evidence bundles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evidence-'));
  const verifier = (...args: string[]): Promise<{ code: number; out: string }> =>
    promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '../../scripts/verify-evidence.ts'), ...args])
      .then((r) => ({ code: 0, out: r.stdout }))
      .catch((e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));

  it('when a bundle is exported, then it holds every part and the offline verifier accepts it; tampered, it fails', async () => {
    const res = await request(api.app).get(`/audit/cases/${skippedCase}/evidence`).set(api.auth('auditor')).expect(200);
    const bundle = res.body as EvidenceBundle;
    expect(bundle.parts.bpmn.xml).toBe(fixture('user-task.bpmn'));
    expect(bundle.parts.worker.replay).toEqual({ result: 'reproduced' });
    expect(bundle.parts.worker.replayBuildId).toMatch(/^@temporalio\/worker@/);
    expect((bundle.parts.history as { events: unknown[] }).events.length).toBeGreaterThan(5);
    expect(parseXes(bundle.parts.trace).traces).toHaveLength(1);
    expect(bundle.parts.conformance).toMatchObject({ verdict: 'deviant' });
    expect(bundle.parts.audit.map((e) => e.action)).toContain('case.skip');
    expect(verifyEvidence(bundle).valid).toBe(true);

    const key = await request(api.app).get('/audit/evidence/public-key').set(api.auth('auditor')).buffer(true).parse(text).expect(200);
    writeFileSync(path.join(dir, 'key.pem'), key.body as string);
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(bundle));
    const good = await verifier(path.join(dir, 'good.json'), '--public-key', path.join(dir, 'key.pem'));
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^VALID evidence for case/);

    const tampered = JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;
    (tampered.parts.conformance as { verdict: string }).verdict = 'conformant';
    tampered.parts.audit = tampered.parts.audit.filter((e) => e.action !== 'case.skip');
    writeFileSync(path.join(dir, 'tampered.json'), JSON.stringify(tampered));
    const bad = await verifier(path.join(dir, 'tampered.json'), '--public-key', path.join(dir, 'key.pem'));
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/INVALID/);
    expect(bad.out).toMatch(/parts\.conformance: content does not match its hash/);
    expect(bad.out).toMatch(/parts\.audit: content does not match its hash/);
  }, 90000);
});
