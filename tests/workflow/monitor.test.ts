/**
 * The conformance monitor on the real Temporal server and the real MongoDB-protocol server: from the
 * engine's trace events it computes the four measurements per day and month, by process, touchpoint,
 * department and agent, raises alerts below the benchmark, reads only events after its watermark on
 * the next run, and runs from a Temporal Schedule. The migration check replays recent cases against
 * a candidate version.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { compileBpmn } from '../../core/bpmn/compile';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { sha256Hex } from '../../core/hash';
import type { AppDeps } from '../../api/deps';
import { migrationCheck, putSchedule } from '../../api/conformance/monitor.service';
import { alerts, benchmarks, reports, watermarks, type ReportDoc } from '../../store/conformance';
import { definitions } from '../../store/definitions';
import { createEngineActivities } from '../../activities/engine';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { caseRecordModel } from '../../store/engine/case-record';
import { taskModel } from '../../store/engine/task';
import { traceEventModel } from '../../store/engine/trace-event';
import { users } from '../../store/users';
import type { MonitorResult } from '../../workflows/monitor/conformance-monitor';
import { createHarness, type Harness } from './support/harness';

let h: Harness;
let graph: CompiledProcess;
const xml = readFileSync(path.join(__dirname, '../api/fixtures/hotline.bpmn'), 'utf8');
const run = randomUUID().slice(0, 8);

const STEPS: Record<string, [string, string]> = {
  Start: ['bpmn:StartEvent', 'Call'],
  Register: ['bpmn:UserTask', 'Register'],
  Split: ['bpmn:ParallelGateway', ''],
  CheckAccount: ['bpmn:Task', 'Check account'],
  CheckHistory: ['bpmn:Task', 'Check history'],
  Join: ['bpmn:ParallelGateway', ''],
  Solved: ['bpmn:ExclusiveGateway', 'Solved?'],
  Reply: ['bpmn:UserTask', 'Reply'],
  End: ['bpmn:EndEvent', 'Done'],
};

/** Writes a case as the engine does: its record, start/complete trace events per element, its user tasks. */
async function engineCase(caseId: string, elements: string[], startAt: number, performers: Record<string, string>): Promise<void> {
  const startedAt = new Date(startAt);
  await caseRecordModel(h.db).create({ caseId, definitionId: 'Process_hotline:1', version: 1, processId: 'Process_hotline', status: 'completed', touchpoint: 'HOT-TEL', startedAt, endedAt: new Date(startAt + 60_000), openTasks: 0, incidents: 0, updatedAt: new Date(startAt + 60_000) });
  let seq = 0;
  const events = [];
  for (const el of elements) {
    const [elementType, name] = STEPS[el];
    for (const lifecycle of ['start', 'complete'] as const) {
      seq += 1;
      events.push({ caseId, seq, processId: 'Process_hotline', definitionId: 'Process_hotline:1', version: 1, xmlHash: graph.xmlHash, elementId: el, elementType, ...(name ? { elementName: name } : {}), lifecycle, at: new Date(startAt + seq * 100) });
    }
    if (elementType === 'bpmn:UserTask') {
      await taskModel(h.db).create({ taskId: `${caseId}-${el}`, caseId, elementId: el, tokenId: 't1', status: 'completed', candidateGroups: [], skills: [], createdAt: startedAt, closedAt: new Date(startAt + seq * 100), completedBy: performers[el] });
    }
  }
  await traceEventModel(h.db).insertMany(events);
}

const FULL = ['Start', 'Register', 'Split', 'CheckAccount', 'CheckHistory', 'Join', 'Solved', 'Reply', 'End'];
const SKIP = ['Start', 'Register', 'Split', 'CheckAccount', 'Join', 'Solved', 'Reply', 'End'];
const BY_THE_BOOK = { Register: 'wang', Reply: 'zhao' };

async function monitorNow(): Promise<MonitorResult> {
  return h.client.workflow.execute('conformanceMonitor', { taskQueue: h.taskQueue, workflowId: `monitor-${run}-${randomUUID()}`, args: [{ processIds: ['Process_hotline'] }] }) as Promise<MonitorResult>;
}

const report = (period: string, bucket: string, dimension: string, key: string): Promise<ReportDoc | null> =>
  reports(h.db).findById(`Process_hotline|${period}|${bucket}|${dimension}|${key}`).lean();

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
let yesterday: number;

beforeAll(async () => {
  h = await createHarness('monitor');
  const compiled = await compileBpmn(xml);
  if (!compiled.main) throw new Error('fixture does not compile');
  graph = compiled.main;
  await definitions(h.db).create({ _id: 'Process_hotline:1', processId: 'Process_hotline', version: 1, xml, xmlHash: sha256Hex(xml), graph, calledGraphs: {}, warnings: [], author: 'test', retired: false });
  await users(h.db).create([
    { _id: 'u-wang', username: 'wang', passwordHash: 'x', roles: ['agent'], department: 'service', groups: ['frontdesk'] },
    { _id: 'u-zhao', username: 'zhao', passwordHash: 'x', roles: ['agent'], department: 'billing', groups: [] },
  ]);
  await benchmarks(h.db).create({ _id: 'Process_hotline', normativeRate: 0.8, organisationalRate: 0.9, expectedCasesPerDay: { 'HOT-TEL': 4 }, updatedBy: 'test', updatedAt: new Date() });
  yesterday = Date.now() - 86_400_000;
  await engineCase('k1', FULL, yesterday, BY_THE_BOOK);
  await engineCase('k2', FULL, yesterday + 60_000, BY_THE_BOOK);
  await engineCase('k3', SKIP, yesterday + 120_000, BY_THE_BOOK);
  await engineCase('k4', FULL, yesterday + 180_000, { Register: 'zhao', Reply: 'zhao' });
}, 120000);

afterAll(async () => {
  await h?.close();
});

describe('the conformance monitor', () => {
  it('when it runs, then it writes the four measurements per dimension and raises alerts below the benchmark', async () => {
    const out = await monitorNow();
    expect(out.failed).toEqual([]);
    expect(out.processes[0]).toMatchObject({ processId: 'Process_hotline', casesChecked: 4 });

    const all = await report('day', day(yesterday), 'process', 'all');
    expect(all).toMatchObject({
      started: 4,
      expected: 4,
      fieldApplication: 1,
      checked: 4,
      conformant: 2,
      normativeRate: 0.5,
      fitnessHistogram: { eq100: 3, lt100: 0, lt95: 1, lt80: 0, lt50: 0 },
      // Register (frontdesk) and Reply (billing) are judged in each case; k4's Register was done by billing.
      orgJudged: 8,
      orgWrong: 1,
      organisationalRate: 7 / 8,
      benchmark: 0.8,
      belowBenchmark: true,
    });
    expect(all?.averageFitness).toBeCloseTo((3 + (1 - 1 / (3 + 4))) / 4, 12);
    expect(await report('day', day(yesterday), 'touchpoint', 'HOT-TEL')).toMatchObject({ started: 4, expected: 4, checked: 4, normativeRate: 0.5 });
    expect(await report('day', day(yesterday), 'agent', 'wang')).toMatchObject({ checked: 3, conformant: 2 });
    expect(await report('day', day(yesterday), 'agent', 'zhao')).toMatchObject({ checked: 4, conformant: 2 });
    expect(await report('day', day(yesterday), 'department', 'billing')).toMatchObject({ checked: 4 });

    const open = await alerts(h.db).find({ processId: 'Process_hotline', status: 'open', dimension: 'process', period: 'day' }).lean();
    expect(open.map((a) => [a.measure, a.value, a.benchmark]).sort()).toEqual([
      ['normativeRate', 0.5, 0.8],
      ['organisationalRate', 7 / 8, 0.9],
    ]);
  }, 60000);

  it('when it runs again, then only cases with events after the watermark are checked, and the trend is reported', async () => {
    const again = await monitorNow();
    expect(again.processes[0].casesChecked).toBe(0);

    const now = Date.now();
    await engineCase('k5', FULL, now, BY_THE_BOOK);
    await engineCase('k6', FULL, now + 1, BY_THE_BOOK);
    // Past the last event (18 events, 100 ms apart) plus the watermark lag.
    await new Promise((r) => setTimeout(r, 1800 + 2500));
    const before = await watermarks(h.db).findById('Process_hotline').lean();
    const out = await monitorNow();
    expect(out.processes[0].casesChecked).toBe(2);
    const after = await watermarks(h.db).findById('Process_hotline').lean();
    expect(after?.watermark.getTime()).toBeGreaterThan(before?.watermark.getTime() ?? 0);
    expect(after?.casesChecked).toBe(6);

    if (day(now) !== day(yesterday)) {
      const today = await report('day', day(now), 'process', 'all');
      expect(today).toMatchObject({ checked: 2, conformant: 2, normativeRate: 1, belowBenchmark: false, trend: 0.5 });
    }
    const months = await reports(h.db).find({ processId: 'Process_hotline', period: 'month', dimension: 'process' }).lean();
    expect(months.reduce((n, m) => n + m.checked, 0)).toBe(6);
    expect(months.reduce((n, m) => n + m.conformant, 0)).toBe(4);
  }, 60000);

  it('when a flush lands after the watermark passed its events, then the next run still checks that case', async () => {
    // The engine buffers trace events until the case waits, so a flush can be written long after
    // its events happened: the monitor takes events by write time.
    const old = Date.now() - 3_600_000;
    const caseId = `k7-${run}`;
    await caseRecordModel(h.db).create({ caseId, definitionId: 'Process_hotline:1', version: 1, processId: 'Process_hotline', status: 'completed', touchpoint: 'HOT-TEL', startedAt: new Date(old), endedAt: new Date(old + 60_000), openTasks: 0, incidents: 0, updatedAt: new Date(old + 60_000) });
    let seq = 0;
    const events = FULL.flatMap((el) => {
      const [elementType, name] = STEPS[el];
      return (['start', 'complete'] as const).map((lifecycle) => {
        seq += 1;
        return { caseId, seq, processId: 'Process_hotline', definitionId: 'Process_hotline:1', version: 1, xmlHash: graph.xmlHash, elementId: el, elementType, ...(name ? { elementName: name } : {}), lifecycle, at: new Date(old + seq * 100).toISOString() };
      });
    });
    await createEngineActivities({ db: h.db, handlers: createHandlerRegistry() }).flushCase({ events });
    await new Promise((r) => setTimeout(r, 2500)); // past the watermark lag
    const out = await monitorNow();
    expect(out.processes[0].casesChecked).toBe(1);
    expect((await watermarks(h.db).findById('Process_hotline').lean())?.casesChecked).toBe(7);
  }, 60000);

  it('when the schedule is set up and triggered, then the monitor runs from it', async () => {
    const scheduleId = `monitor-schedule-${run}`;
    const deps = { temporal: h.client, config: { TEMPORAL_TASK_QUEUE: h.taskQueue } } as unknown as AppDeps;
    expect(await putSchedule(deps, { every: '1h', scheduleId, processIds: ['Process_hotline'] })).toMatchObject({ created: true });
    expect(await putSchedule(deps, { every: '2h', scheduleId, processIds: ['Process_hotline'] })).toMatchObject({ created: false });
    const handle = h.client.schedule.getHandle(scheduleId);
    try {
      const desc = await handle.describe();
      expect(desc.action).toMatchObject({ type: 'startWorkflow', workflowType: 'conformanceMonitor' });
      const lastRun = (await watermarks(h.db).findById('Process_hotline').lean())?.lastRunAt.getTime() ?? 0;
      await handle.trigger();
      const end = Date.now() + 30_000;
      let ran = false;
      while (!ran && Date.now() < end) {
        const w = await watermarks(h.db).findById('Process_hotline').lean();
        ran = (w?.lastRunAt.getTime() ?? 0) > lastRun;
        if (!ran) await new Promise((r) => setTimeout(r, 300));
      }
      expect(ran).toBe(true);
    } finally {
      await handle.delete();
    }
  }, 60000);
});

describe('migration check', () => {
  it('when a candidate version drops a step, then the recent cases that did it are listed as newly deviant', async () => {
    const candidate = xml
      .replace(/<bpmn:task id="CheckHistory"[\s\S]*?<\/bpmn:task>/, '')
      .replace('<bpmn:outgoing>f4</bpmn:outgoing>', '')
      .replace('<bpmn:incoming>f6</bpmn:incoming>', '')
      .replace(/<bpmn:sequenceFlow id="f4"[^>]*\/>/, '')
      .replace(/<bpmn:sequenceFlow id="f6"[^>]*\/>/, '');
    const out = await migrationCheck(h.db, { xml: candidate, limit: 100 });
    // k3 and k4 already deviate from version 1; k1, k2, k5, k6 and k7 did Check history, which the candidate lacks.
    expect(out).toMatchObject({ processId: 'Process_hotline', casesChecked: 7, alreadyDeviant: 2, stillConformant: 0 });
    const newly = out.newlyDeviant as { caseId: string; deviations: unknown[] }[];
    expect(newly.map((n) => n.caseId).sort()).toEqual(['k1', 'k2', 'k5', 'k6', `k7-${run}`]);
    expect(newly[0].deviations).toEqual([{ kind: 'inserted', activity: 'Check history', eventIndex: 2 }]);
  }, 60000);
});
