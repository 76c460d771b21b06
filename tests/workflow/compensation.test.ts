/**
 * Compensation on the real Temporal dev server, from a compiled .bpmn fixture: handlers of completed
 * activities run in reverse completion order, all of them or the one an activityRef names, a subprocess is
 * compensated through what completed inside it, a throw inside a subprocess stays in its scope; every
 * compensated activity has a `compensate` trace event, written to the trace store as well.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../core/bpmn';
import type { CompiledProcess } from '../../core/bpmn/graph';
import type { CaseState } from '../../workflows/process/messages';
import { stateQuery } from '../../workflows/process/messages';
import { createHarness, type Harness } from './support/harness';
import { saveHistory } from './support/histories';

let h: Harness;
let trip: CompiledProcess;
/** What the recording gateway (a stand-in for the booking systems) was asked to do, per case. */
const calls = new Map<string, string[]>();

beforeAll(async () => {
  const compiled = await compileBpmn(readFileSync(join(__dirname, 'fixtures', 'compensation.bpmn'), 'utf8'));
  expect(compiled.problems.filter((p) => p.severity === 'error')).toEqual([]);
  trip = compiled.main!;
  h = await createHarness('wf-comp');
  h.handlers.registerHandler('record', {
    description: 'records the header "what" per case',
    run: (_input, headers, ctx) => {
      calls.set(ctx.caseId, [...(calls.get(ctx.caseId) ?? []), headers.what ?? '?']);
      return Promise.resolve({});
    },
  });
}, 120_000);
afterAll(async () => h?.close());

async function runTrip(mode: string): Promise<{ caseId: string; state: CaseState; status: string }> {
  const handle = await h.start(trip, { variables: { mode } });
  const result = (await handle.result()) as { status: string };
  return { caseId: handle.workflowId, state: await handle.query(stateQuery), status: result.status };
}

/** The trail reduced to compensations and handler runs, in order. */
const undoTrail = (s: CaseState): string[] =>
  s.trail
    .filter((e) => e.lifecycle === 'compensate' || (['CancelHotel', 'CancelFlight', 'Refund'].includes(e.elementId) && e.lifecycle === 'complete'))
    .map((e) => `${e.lifecycle} ${e.elementId}`);

describe('compensation', () => {
  it('when nothing goes wrong, then no handler runs', async () => {
    const r = await runTrip('ok');
    expect(r.status).toBe('completed');
    expect(calls.get(r.caseId)).toEqual(['book hotel', 'book flight', 'charge card']);
    expect(undoTrail(r.state)).toEqual([]);
  });

  it('when a throw compensates everything, then the handlers run in reverse completion order, the subprocess through its inner steps', async () => {
    const r = await runTrip('all');
    expect(r.status).toBe('completed');
    expect(calls.get(r.caseId)).toEqual(['book hotel', 'book flight', 'charge card', 'refund card', 'cancel flight', 'cancel hotel']);
    expect(undoTrail(r.state)).toEqual([
      'compensate Travel',
      'compensate Charge',
      'complete Refund',
      'compensate BookFlight',
      'complete CancelFlight',
      'compensate BookHotel',
      'complete CancelHotel',
    ]);
    // The throw event completes after its handlers: waitForCompletion.
    const seqOf = (id: string, lc: string): number => r.state.trail.find((e) => e.elementId === id && e.lifecycle === lc)!.seq;
    expect(seqOf('UndoAll', 'complete')).toBeGreaterThan(seqOf('CancelHotel', 'complete'));
    const stored = await h.db
      .collection('trace_events')
      .find({ caseId: r.caseId, lifecycle: 'compensate' })
      .sort({ seq: 1 })
      .toArray();
    expect(stored.map((e) => e.elementId as string)).toEqual(['Travel', 'Charge', 'BookFlight', 'BookHotel']);
    await saveHistory(h, r.caseId, 'compensation');
  });

  it('when a throw names an activity, then only that activity is compensated', async () => {
    const r = await runTrip('hotel');
    expect(r.status).toBe('completed');
    expect(calls.get(r.caseId)).toEqual(['book hotel', 'book flight', 'charge card', 'cancel hotel']);
    expect(undoTrail(r.state)).toEqual(['compensate BookHotel', 'complete CancelHotel']);
  });

  it('when a compensation end event is inside a subprocess, then only the subprocess steps are undone', async () => {
    const r = await runTrip('inside');
    expect(r.status).toBe('completed');
    expect(calls.get(r.caseId)).toEqual(['book hotel', 'book flight', 'charge card', 'refund card', 'cancel flight']);
    expect(undoTrail(r.state)).toEqual(['compensate Charge', 'complete Refund', 'compensate BookFlight', 'complete CancelFlight']);
    expect(r.state.trail.some((e) => e.elementId === 'EndOk' && e.lifecycle === 'complete')).toBe(true);
  });
});
