/**
 * The default complaint process (processes/complaint-handling.bpmn) executed by the BPMN engine on
 * the Temporal dev server, with the complaint handlers, SLA clock workflows, FerretDB records and
 * simulator channels.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { ChannelName } from '../../activities/channels/types';
import { DEFAULT_POLICY } from '../../core/complaints';
import { noteAssignment, noteClosed } from '../../store/complaint-routing';
import { complaints, outbound } from '../../store/complaints';
import { users } from '../../store/users';
import { slaWorkflowId } from '../../workflows/complaints/messages';
import { completeTaskUpdate, messageSignal, retryIncidentUpdate, type CaseState } from '../../workflows/process/messages';
import { createComplaintStack, type ComplaintStack } from './complaints-stack';

let s: ComplaintStack;
beforeAll(async () => {
  s = await createComplaintStack('cmp-flow', { ...DEFAULT_POLICY, reopenWindow: 'PT6S', surveyTimeout: 'PT1M' });
}, 120_000);
afterAll(async () => s?.close());

const atHandle = (x: CaseState): boolean => x.openTasks.length === 1;

async function handleTask(h: WorkflowHandle, data: Record<string, unknown>): Promise<string> {
  const st = await s.waitFor(h, atHandle);
  const rec = await s.waitForRecord(h.workflowId, (c) => c.owner !== undefined);
  await h.executeUpdate(completeTaskUpdate, { args: [{ taskId: st.openTasks[0], actor: rec.owner as string, data }] });
  return rec.owner as string;
}

const survey = (h: WorkflowHandle, score: number): Promise<void> =>
  h.signal(messageSignal, { name: 'survey-answer', correlationKey: h.workflowId, variables: { score } });

async function slaDone(id: string, round: number): Promise<void> {
  const handle = s.client.workflow.getHandle(slaWorkflowId(id, round));
  await handle.result();
}

describe('complaint process', () => {
  const expectedAddress: Record<ChannelName, string> = {
    email: 'wang@example.com',
    sms: '+8613800000001',
    voice: '+8613800000001',
    web: 'cust-1',
    app: 'cust-1',
  };

  test.each(Object.keys(expectedAddress) as ChannelName[])(
    'happy path on %s: classified, assigned, replied on the same channel, surveyed, closed; SLA clocks met',
    async (channel) => {
      const h = await s.start({ customerId: 'cust-1', channel, text: 'You charged me twice on my bill', subject: 'Double charge' });
      const owner = await handleTask(h, { replyText: `Refunded (${channel}).` });
      expect(['li', 'zhang']).toContain(owner);
      await s.waitForRecord(h.workflowId, (c) => c.status === 'replied' || c.status === 'surveyed' || c.status === 'closed');
      await survey(h, 5);
      const closed = await s.waitForRecord(h.workflowId, (c) => c.status === 'closed');
      expect(closed).toMatchObject({ kind: 'complaint', category: 'billing', priority: 'high', department: 'billing', replyChannel: channel });
      expect(closed.satisfaction).toMatchObject({ score: 5, satisfied: true });
      expect(closed.replies).toHaveLength(1);
      expect(closed.replies[0]).toMatchObject({ channel, to: expectedAddress[channel], body: `Refunded (${channel}).` });

      const onChannel = s.sims[channel].sent.filter((m) => m.key.startsWith(`${h.workflowId}:`));
      expect(onChannel.map((m) => m.key)).toEqual([`${h.workflowId}:reply:0`, `${h.workflowId}:survey:0`]);
      expect(onChannel.every((m) => m.to === expectedAddress[channel])).toBe(true);

      await slaDone(h.workflowId, 0);
      const rec = await s.waitForRecord(h.workflowId, (c) => c.slaState === 'met');
      expect(rec.clocks.map((c) => [c.name, c.state])).toEqual([
        ['reply', 'met'],
        ['resolution', 'met'],
      ]);
      expect(rec.timeline.map((t) => t.kind)).toEqual(['received', 'classified', 'assigned', 'replied', 'surveyed', 'closed']);
      // The reopen window (PT6S here) passes and the case ends.
      const result = (await h.result()) as { status: string };
      expect(result.status).toBe('completed');
    },
    60_000,
  );

  test('assignment: skills required, sticky to the last agent of the customer while available, else least loaded', async () => {
    // Other open complaints of the agents, as assignment records them (store/complaint-routing.ts).
    const filler = (id: string, owner: string) => noteAssignment(s.db, { complaintId: id, customerId: 'other', owner });
    await filler('fill-li-1', 'li');

    const first = await s.start({ customerId: 'cust-2', channel: 'web', text: 'wrong invoice' });
    const firstOwner = await handleTask(first, { replyText: 'Fixed.' });
    expect(firstOwner).toBe('zhang'); // li has one open complaint, zhang none; novice lacks the billing skill

    await filler('fill-z-1', 'zhang');
    await filler('fill-z-2', 'zhang');
    const second = await s.start({ customerId: 'cust-2', channel: 'web', text: 'another fee on my bill' });
    expect(await handleTask(second, { replyText: 'Fixed again.' })).toBe('zhang'); // sticky despite the load

    await users(s.db).updateOne({ _id: 'zhang' }, { $set: { disabled: true } });
    const third = await s.start({ customerId: 'cust-2', channel: 'web', text: 'refund please' });
    expect(await handleTask(third, { replyText: 'Refunded.' })).toBe('li'); // the sticky agent is not available
    await users(s.db).updateOne({ _id: 'zhang' }, { $set: { disabled: false } });
    for (const [id, owner] of [['fill-li-1', 'li'], ['fill-z-1', 'zhang'], ['fill-z-2', 'zhang']]) await noteClosed(s.db, id, owner);
    for (const h of [first, second, third]) await h.terminate('test over');
  }, 90_000);

  test('asking the customer pauses the SLA clock; the answer resumes it and the agent handles again', async () => {
    const h = await s.start({ customerId: 'cust-1', channel: 'sms', text: 'My bill is wrong' });
    await handleTask(h, { needCustomerInfo: true, question: 'Which month?' });
    const waiting = await s.waitForRecord(h.workflowId, (c) => c.status === 'waiting-customer' && c.slaState === 'paused');
    expect(waiting.clocks.filter((c) => c.round === 0).every((c) => c.pausedAt !== undefined)).toBe(true);
    expect(s.sims.sms.sentFor(`${h.workflowId}:ask:0:0`).map((m) => m.body)).toEqual(['Which month?']);

    await h.signal(messageSignal, { name: 'customer-info', correlationKey: h.workflowId, variables: { customerText: 'March' } });
    const resumed = await s.waitForRecord(h.workflowId, (c) => c.status === 'assigned' && c.slaState === 'running');
    expect(resumed.clocks.every((c) => c.pausedAt === undefined && c.pausedBusinessMs >= 0)).toBe(true);
    await handleTask(h, { replyText: 'March is corrected.', needCustomerInfo: false });
    await s.waitForRecord(h.workflowId, (c) => c.replies.length === 1);
    await h.terminate('test over');
  }, 60_000);

  test('a dissatisfied customer reopens within the window: a new round with fresh clocks, then closure', async () => {
    const h = await s.start({ customerId: 'cust-1', channel: 'email', text: 'charged a fee twice' });
    await handleTask(h, { replyText: 'Refund issued.' });
    await s.waitForRecord(h.workflowId, (c) => c.replies.length === 1);
    await survey(h, 1);
    const reopened = await s.waitForRecord(h.workflowId, (c) => c.round === 1 && c.status === 'assigned');
    expect(reopened.timeline.map((t) => t.kind)).toContain('reopened');
    await handleTask(h, { replyText: 'Refund confirmed by the bank.' });
    await s.waitForRecord(h.workflowId, (c) => c.replies.length === 2);
    await survey(h, 4);
    const closed = await s.waitForRecord(h.workflowId, (c) => c.status === 'closed' && c.round === 1);
    expect(closed.replies.map((r) => r.key)).toEqual([`${h.workflowId}:reply:0`, `${h.workflowId}:reply:1`]);
    expect(closed.clocks.map((c) => [c.round, c.name])).toEqual([
      [0, 'reply'],
      [0, 'resolution'],
      [1, 'reply'],
      [1, 'resolution'],
    ]);
    await slaDone(h.workflowId, 1);
    expect(((await h.result()) as { status: string }).status).toBe('completed');
  }, 90_000);

  test('reopen by the customer within the window works; after the window the case is over', async () => {
    const h = await s.start({ customerId: 'cust-2', channel: 'web', text: 'What are your opening hours?' });
    await handleTask(h, { replyText: '9 to 6.' });
    await s.waitForRecord(h.workflowId, (c) => c.replies.length === 1);
    await survey(h, 5);
    await s.waitForRecord(h.workflowId, (c) => c.status === 'closed');
    await h.signal(messageSignal, { name: 'reopen', correlationKey: h.workflowId, variables: { reopenReason: 'still closed on Saturday' } });
    await s.waitForRecord(h.workflowId, (c) => c.round === 1 && c.status === 'assigned');
    await handleTask(h, { replyText: 'Saturday too.' });
    await survey(h, 5);
    const closed = await s.waitForRecord(h.workflowId, (c) => c.status === 'closed' && c.round === 1);
    expect(closed.reopenUntil).toBeDefined();

    expect(((await h.result()) as { status: string }).status).toBe('completed'); // the 6 s window passed
    await expect(h.signal(messageSignal, { name: 'reopen', correlationKey: h.workflowId })).rejects.toThrow();
    const after = await complaints(s.db).findById(h.workflowId).lean();
    expect(after).toMatchObject({ status: 'closed', round: 1 });
  }, 90_000);

  test('e-mail failing: retries, then an incident; after the operator retries exactly one reply is sent', async () => {
    s.sims.email.setFailing(true);
    const h = await s.start({ customerId: 'cust-1', channel: 'email', text: 'my invoice is wrong' });
    await handleTask(h, { replyText: 'Corrected invoice attached.' });
    const st = await s.waitFor(h, (x) => x.incidents.length === 1, 30000);
    expect(st.incidents[0]).toMatchObject({ elementId: 'Reply', kind: 'service-task-failed' });
    const key = `${h.workflowId}:reply:0`;
    expect(s.sims.email.sentFor(key)).toHaveLength(0);
    const pending = await outbound(s.db).findById(key).lean();
    expect(pending).toMatchObject({ status: 'sending', attempts: 3 });
    expect(pending?.lastError).toContain('simulated outage');

    s.sims.email.setFailing(false);
    await h.executeUpdate(retryIncidentUpdate, { args: [{ incidentId: st.incidents[0].id, actor: 'operator-1', reason: 'mail server back' }] });
    await s.waitForRecord(h.workflowId, (c) => c.replies.length === 1);
    await survey(h, 5);
    await s.waitForRecord(h.workflowId, (c) => c.status === 'closed');
    expect(s.sims.email.sentFor(key)).toHaveLength(1);
    expect(await outbound(s.db).findById(key).lean()).toMatchObject({ status: 'sent', attempts: 4 });
    const rec = await complaints(s.db).findById(h.workflowId).lean();
    expect(rec?.replies).toHaveLength(1);
    await h.terminate('test over');
  }, 90_000);
});
