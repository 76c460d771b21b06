/**
 * The agent overrides the rules' classification on the handling form: the default complaint BPMN on
 * the Temporal dev server with FerretDB records and the SLA clock workflow.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../core/complaints';
import { slaStateQuery, slaWorkflowId } from '../../workflows/complaints/messages';
import { completeTaskUpdate, type CaseState } from '../../workflows/process/messages';
import { createComplaintStack, type ComplaintStack } from './complaints-stack';

const HOUR = 3_600_000;
let s: ComplaintStack;
beforeAll(async () => {
  s = await createComplaintStack('cmp-override', { ...DEFAULT_POLICY, surveyTimeout: 'PT1M' });
}, 120_000);
afterAll(async () => s?.close());

async function handle(h: WorkflowHandle, data: Record<string, unknown>): Promise<string> {
  // Generous waits: the machine is shared and often loaded.
  const st = await s.waitFor(h, (x: CaseState) => x.openTasks.length === 1, 60_000);
  const rec = await s.waitForRecord(h.workflowId, (c) => c.owner !== undefined && c.clocks.length > 0, 60_000);
  await h.executeUpdate(completeTaskUpdate, { args: [{ taskId: st.openTasks[0], actor: rec.owner as string, data }] });
  return rec.owner as string;
}

describe("the agent's classification override", () => {
  test('when the agent changes kind, category and priority, the record keeps the rules result, who and when, and the resolution deadline follows the new priority', async () => {
    // The rules call this a consultation (general, normal): resolution in 5 working days on the service-centre calendar.
    const h = await s.start({ customerId: 'cust-1', channel: 'web', text: 'What are your opening hours?' });
    const owner = await handle(h, { replyText: 'We have escalated this.', overrideKind: 'complaint', overrideCategory: 'security', overridePriority: 'urgent' });
    const overriddenAt = Date.now();
    const rec = await s.waitForRecord(h.workflowId, (c) => c.replies.length === 1, 60_000);
    expect(rec).toMatchObject({ kind: 'complaint', category: 'security', priority: 'urgent', department: 'security-desk' });
    expect(rec.ruleResult).toMatchObject({ kind: 'consultation', category: 'general', priority: 'normal', rule: -1 });
    expect(rec.overrides).toHaveLength(1);
    expect(rec.overrides[0]).toMatchObject({
      by: owner,
      round: 0,
      from: { kind: 'consultation', category: 'general', priority: 'normal' },
      to: { kind: 'complaint', category: 'security', priority: 'urgent' },
    });
    expect(Math.abs(new Date(rec.overrides[0].at).getTime() - overriddenAt)).toBeLessThan(15_000);
    const entry = rec.timeline.find((t) => t.kind === 'reclassified');
    expect(entry).toMatchObject({ actor: owner });
    expect(entry?.detail).toContain('consultation/general/normal → complaint/security/urgent');
    expect(rec.timeline.map((t) => t.kind)).toEqual(['received', 'classified', 'assigned', 'reclassified', 'replied']);

    // Urgent: 4 hours on the 24-hour duty line, less the (few seconds of) business time already consumed.
    const queriedAt = Date.now();
    const view = await s.client.workflow.getHandle(slaWorkflowId(h.workflowId, 0)).query(slaStateQuery);
    const resolution = view.clocks.find((c) => c.name === 'resolution');
    expect(resolution?.durationMs).toBe(4 * HOUR);
    expect(resolution?.dueAt).toBeGreaterThan(overriddenAt + 4 * HOUR - 60_000);
    expect(resolution?.dueAt).toBeLessThanOrEqual(queriedAt + 4 * HOUR);
    // The reply clock (web: 24 hours) keeps its length.
    expect(view.clocks.find((c) => c.name === 'reply')?.durationMs).toBe(24 * HOUR);
    await h.terminate('test over');
  }, 240_000);

  test('a handling without override changes nothing; an unknown priority stops the case at Reclassify with an incident naming the field, the rules classification standing', async () => {
    const plain = await s.start({ customerId: 'cust-2', channel: 'email', text: 'wrong invoice' });
    await handle(plain, { replyText: 'Fixed.' });
    const rec = await s.waitForRecord(plain.workflowId, (c) => c.replies.length === 1, 60_000);
    expect(rec).toMatchObject({ kind: 'complaint', category: 'billing', priority: 'high' });
    expect(rec.overrides ?? []).toHaveLength(0);
    await plain.terminate('test over');

    const bad = await s.start({ customerId: 'cust-2', channel: 'email', text: 'another fee' });
    await handle(bad, { replyText: 'Fixed.', overridePriority: 'asap' });
    const st = await s.waitFor(bad, (x) => x.incidents.length > 0, 60_000);
    expect(st.incidents[0]).toMatchObject({ elementId: 'Reclassify' });
    expect(st.incidents[0].message).toContain("overridePriority: unknown priority 'asap'");
    expect(st.status).toBe('running');
    const after = await s.waitForRecord(bad.workflowId, () => true);
    expect(after).toMatchObject({ priority: 'high', status: 'assigned' });
    expect(after.replies).toHaveLength(0);
    await bad.terminate('test over');
  }, 240_000);
});
