/**
 * Writes to a complaint record on real FerretDB: concurrent writers under the complaint lock lose
 * nothing, and every handler write is guarded by the states that lead to it, so an attempt that
 * completes late (after its retry moved the case on) or a retry changes nothing.
 */
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { simulatorChannels } from '../../activities/channels/simulator';
import { registerComplaintHandlers } from '../../activities/complaints/handlers';
import { createComplaintActivities } from '../../activities/complaints/sla-activities';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import type { HandlerRegistry } from '../../activities/engine/handlers/registry';
import { DUTY_LINE_CALENDAR, startClock, stopClock } from '../../core/complaints';
import { connectMongo } from '../../store/connection';
import {
  complaintLocks,
  ComplaintLockTimeout,
  complaints,
  insertComplaint,
  outbound,
  setKnowledgeId,
  updateComplaint,
  withComplaintLock,
  type ComplaintDoc,
} from '../../store/complaints';
import { customers } from '../../store/contacts';
import { countKnowledgeSource, knowledge } from '../../store/knowledge';
import { slaWorkflowId } from '../../workflows/complaints/messages';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../support/servers';

let db: Connection;
let connection: TemporalConnection;
let client: Client;
let registry: HandlerRegistry;
const sims = simulatorChannels();
const taskQueue = uniqueTaskQueue('cmp-writes');
let n = 0;

beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('cmp-writes'));
  connection = await TemporalConnection.connect({ address: TEMPORAL_ADDRESS });
  client = new Client({ connection });
  // No worker polls this queue: clocks the handlers start stay idle and are terminated at the end.
  registry = registerComplaintHandlers(createHandlerRegistry(), { db, channels: sims, temporal: { client: () => Promise.resolve(client), taskQueue } });
  await customers(db).create({ _id: 'cust-w', name: 'Wang', phones: ['+8613800000009'], emails: ['w@example.com'], consent: { sms: true, email: true, voice: true, marketing: false } });
}, 60_000);

const started: string[] = [];
afterAll(async () => {
  for (const id of started) await client.workflow.getHandle(id).terminate('test over').catch(() => undefined);
  await connection?.close();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

async function record(state: Partial<ComplaintDoc>): Promise<string> {
  n += 1;
  const id = `w-${Date.now().toString(36)}-${n}`;
  await insertComplaint(db, { _id: id, customerId: 'cust-w', channel: 'email', replyChannel: 'email', replyTo: 'w@example.com', text: 'charged twice on my bill', receivedAt: new Date() });
  if (Object.keys(state).length > 0) await complaints(db).updateOne({ _id: id }, { $set: state });
  return id;
}

const run = (type: string, id: string, vars: Record<string, unknown> = {}): Promise<Record<string, unknown>> => {
  const h = registry.get(type);
  if (!h) throw new Error(`no handler ${type}`);
  return h.run(vars, {}, { caseId: id, elementId: type, attempt: 1 });
};
const load = async (id: string): Promise<ComplaintDoc> => (await complaints(db).findById(id).lean()) as ComplaintDoc;

describe('concurrent writers under the complaint lock', () => {
  test('when ten writers update one complaint at once, every change survives', async () => {
    const id = await record({});
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => updateComplaint(db, id, {}, { $push: { timeline: { at: new Date(), kind: `w${i}` } } })),
    );
    expect(results.every(Boolean)).toBe(true);
    const doc = await load(id);
    expect(doc.timeline.map((t) => t.kind).sort()).toEqual(['received', ...Array.from({ length: 10 }, (_, i) => `w${i}`)].sort());
    expect(await complaintLocks(db).countDocuments({ _id: id })).toBe(0);
  }, 30_000);

  test('when the SLA clock writes while a handler closes the complaint, both writes survive', async () => {
    const id = await record({ status: 'surveyed', department: 'billing' });
    const sla = createComplaintActivities({ db, channels: sims });
    const clocks = [stopClock(startClock(DUTY_LINE_CALENDAR, { name: 'reply', durationMs: 60_000, warnFraction: 0.5 }, Date.now()), Date.now())];
    await Promise.all([
      run('complaint.close', id),
      ...Array.from({ length: 5 }, (_, i) => sla.recordSlaClocks({ complaintId: id, round: 0, calendarId: 'duty-line', clocks, seq: i + 1 })),
      sla.raiseSlaEvent({ complaintId: id, round: 0, clock: 'reply', kind: 'warning', dueAt: Date.now(), firedAt: Date.now(), recipients: [] }),
    ]);
    const doc = await load(id);
    expect(doc.status).toBe('closed');
    expect(doc.timeline.map((t) => t.kind)).toEqual(expect.arrayContaining(['closed', 'sla-warning']));
    expect(doc.clocks).toHaveLength(1);
    expect(doc.slaState).toBe('met');
    expect(doc.escalations).toHaveLength(1);
  }, 30_000);

  test('a lock left by a crashed writer is broken once its lease has passed; a live one makes others wait, then time out', async () => {
    const id = await record({});
    await complaintLocks(db).collection.insertOne({ _id: id, holder: 'crashed', until: new Date(Date.now() - 1000) } as never);
    expect(await updateComplaint(db, id, {}, { $set: { owner: 'li' } })).toBe(true);

    await complaintLocks(db).collection.insertOne({ _id: id, holder: 'alive', until: new Date(Date.now() + 60_000) } as never);
    await expect(withComplaintLock(db, id, () => Promise.resolve('never'), 300)).rejects.toBeInstanceOf(ComplaintLockTimeout);
    const waiting = withComplaintLock(db, id, () => Promise.resolve('got it'), 10_000);
    setTimeout(() => void complaintLocks(db).collection.deleteOne({ _id: id, holder: 'alive' } as never), 200);
    await expect(waiting).resolves.toBe('got it');
  }, 30_000);
});

describe('late and repeated handler attempts change nothing', () => {
  test('a reply attempt that completes after the complaint was replied to and closed leaves it closed, with one reply recorded', async () => {
    const id = await record({ status: 'assigned', owner: 'li', department: 'billing', kind: 'complaint', category: 'billing', priority: 'high' });
    sims.email.setDelay(1500);
    const late = run('complaint.reply', id, { replyText: 'Refunded.', assignee: 'li' });
    await new Promise((r) => setTimeout(r, 200));
    sims.email.setDelay(0);
    // The retry of the timed-out attempt, then the case moves on: survey answer and closure.
    await run('complaint.reply', id, { replyText: 'Refunded.', assignee: 'li' });
    await run('complaint.record-survey', id, { score: 5 });
    await run('complaint.close', id);
    await late;
    const doc = await load(id);
    expect(doc.status).toBe('closed');
    expect(doc.replies).toHaveLength(1);
    expect(doc.timeline.map((t) => t.kind)).toEqual(['received', 'replied', 'surveyed', 'closed']);
    expect(await outbound(db).countDocuments({ _id: `${id}:reply:0`, status: 'sent' })).toBe(1);
  }, 30_000);

  test.each([
    ['complaint.record-survey', 'closed', { score: 2 }],
    ['complaint.record-survey', 'reopened', { score: 2 }],
    ['complaint.close', 'reopened', {}],
    ['complaint.close', 'assigned', {}],
    ['complaint.ask-customer', 'replied', { question: 'Which month?' }],
    ['complaint.resume', 'closed', {}],
    ['complaint.assign', 'replied', {}],
    ['complaint.classify', 'assigned', {}],
  ])('%s arriving when the complaint is already %s leaves status and timeline as they were', async (type, status, vars) => {
    const id = await record({ status, owner: 'li', department: 'billing', kind: 'complaint', category: 'billing', priority: 'high', round: status === 'reopened' ? 1 : 0 });
    if (type === 'complaint.classify') started.push(slaWorkflowId(id, 0));
    const before = await load(id);
    await run(type, id, vars);
    const after = await load(id);
    expect(after.status).toBe(status);
    expect(after.timeline).toEqual(before.timeline);
    expect(after.owner).toBe('li');
    expect(after.satisfaction).toBeUndefined();
  }, 30_000);

  test('a reopen retried after it succeeded starts no second round; a late close of the old round does not close the new one', async () => {
    const id = await record({ status: 'closed', closedAt: new Date(), reopenUntil: new Date(Date.now() + 60_000), department: 'billing', priority: 'high', category: 'billing', owner: 'li' });
    started.push(slaWorkflowId(id, 1));
    await run('complaint.reopen', id, { reopenReason: 'still wrong' });
    await run('complaint.reopen', id, { reopenReason: 'still wrong' });
    await run('complaint.close', id);
    const doc = await load(id);
    expect(doc).toMatchObject({ status: 'reopened', round: 1 });
    expect(doc.timeline.filter((t) => t.kind === 'reopened')).toHaveLength(1);
  }, 30_000);

  test('an older clock state written late does not replace a newer one', async () => {
    const id = await record({ status: 'assigned' });
    const sla = createComplaintActivities({ db, channels: sims });
    const t = Date.now();
    const running = startClock(DUTY_LINE_CALENDAR, { name: 'reply', durationMs: 60_000, warnFraction: 0.5 }, t);
    await sla.recordSlaClocks({ complaintId: id, round: 0, clocks: [stopClock(running, t + 10)], seq: 2 });
    await sla.recordSlaClocks({ complaintId: id, round: 0, clocks: [running], seq: 1 });
    const doc = await load(id);
    expect(doc.clocks.map((c) => [c.state, c.seq])).toEqual([['met', 2]]);
    expect(doc.slaState).toBe('met');
  }, 30_000);
});

describe('an SLA event with the clocks after it', () => {
  test('stores the event and the clocks in one write; the record with the same sequence that follows changes nothing', async () => {
    const id = await record({ status: 'assigned' });
    const sla = createComplaintActivities({ db, channels: sims });
    const t = Date.now();
    const running = startClock(DUTY_LINE_CALENDAR, { name: 'reply', durationMs: 60_000, warnFraction: 0.5 }, t);
    await sla.recordSlaClocks({ complaintId: id, round: 0, calendarId: 'duty-line', clocks: [running], seq: 1 });
    const warned = { ...running, warnedAt: t + 30_000, state: 'warning' as const };
    await sla.raiseSlaEvent({ complaintId: id, round: 0, clock: 'reply', kind: 'warning', dueAt: t + 30_000, firedAt: t + 30_000, recipients: [], clocks: [warned], seq: 2, calendarId: 'duty-line' });
    const after = await load(id);
    expect(after.escalations.map((e) => e.kind)).toEqual(['warning']);
    expect(after.clocks.map((c) => [c.state, c.seq])).toEqual([['warning', 2]]);
    expect(after.slaState).toBe('warning');
    // A retried event with the clocks finds both stored; the record of seq 2 finds it written.
    await sla.raiseSlaEvent({ complaintId: id, round: 0, clock: 'reply', kind: 'warning', dueAt: t + 30_000, firedAt: t + 30_000, recipients: [], clocks: [warned], seq: 2, calendarId: 'duty-line' });
    await sla.recordSlaClocks({ complaintId: id, round: 0, calendarId: 'duty-line', clocks: [running], seq: 2 });
    const again = await load(id);
    expect(again.escalations).toHaveLength(1);
    expect(again.timeline.filter((e) => e.kind === 'sla-warning')).toHaveLength(1);
    expect(again.clocks.map((c) => [c.state, c.seq])).toEqual([['warning', 2]]);
    expect(again.updatedAt.getTime()).toBe(after.updatedAt.getTime());
  }, 30_000);
});

describe('knowledge-base writes under locks', () => {
  test('when the knowledge entry id is recorded while ten other writers update the complaint, every change survives', async () => {
    const id = await record({ status: 'closed' });
    const results = await Promise.all([
      setKnowledgeId(db, id, 'kb-under-lock'),
      ...Array.from({ length: 10 }, (_, i) => updateComplaint(db, id, {}, { $push: { timeline: { at: new Date(), kind: `k${i}` } } })),
    ]);
    expect(results.every(Boolean)).toBe(true);
    const doc = await load(id);
    expect(doc.knowledgeId).toBe('kb-under-lock');
    expect(doc.timeline.map((t) => t.kind).sort()).toEqual(['received', ...Array.from({ length: 10 }, (_, i) => `k${i}`)].sort());
    // Recording it again changes nothing.
    expect(await setKnowledgeId(db, id, 'kb-under-lock')).toBe(false);
    expect(await complaintLocks(db).countDocuments({ _id: id })).toBe(0);
  }, 30_000);

  test('when ten complaints with the same question are approved at once, the entry counts each once', async () => {
    const entryId = `kb-${Date.now().toString(36)}`;
    const now = new Date();
    await knowledge(db).collection.insertOne({ _id: entryId, business: 'billing', question: 'q', answer: 'a', keywords: [], frequency: 1, sources: ['c0'], approvedBy: 'li', createdAt: now, updatedAt: now } as never);
    const counted = await Promise.all([...Array.from({ length: 10 }, (_, i) => countKnowledgeSource(db, entryId, `c${i + 1}`)), countKnowledgeSource(db, entryId, 'c0')]);
    expect(counted.filter(Boolean)).toHaveLength(10);
    const entry = await knowledge(db).findById(entryId).lean();
    expect(entry?.frequency).toBe(11);
    expect([...(entry?.sources ?? [])].sort()).toEqual(['c0', ...Array.from({ length: 10 }, (_, i) => `c${i + 1}`)].sort());
  }, 30_000);
});
