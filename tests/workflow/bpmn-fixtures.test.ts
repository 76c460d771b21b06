/** BPMN XML compiled by core/bpmn and run by the interpreter: the whole path from drawing to case. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../core/bpmn';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { completeTaskUpdate } from '../../workflows/process/messages';
import { createHarness, type Harness } from './support/harness';

let h: Harness;
let order: CompiledProcess;
beforeAll(async () => {
  const compiled = await compileBpmn(readFileSync(join(__dirname, 'fixtures', 'order-approval.bpmn'), 'utf8'));
  expect(compiled.problems.filter((p) => p.severity === 'error')).toEqual([]);
  order = compiled.main!;
  h = await createHarness('wf-fixture');
}, 120_000);
afterAll(async () => h?.close());

describe('order-approval.bpmn', () => {
  it('when the order is small, then it runs straight through the parallel branches and the timer', async () => {
    const result = await h.run(order, { variables: { amount: 10 } });
    expect(result).toMatchObject({ status: 'completed', variables: { score: 20, invoiced: true, shipped: true } });
  });

  it('when the order is big, then a manager must approve it with the required form field', async () => {
    const handle = await h.start(order, { variables: { amount: 80 } });
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    await expect(
      handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: s.openTasks[0], actor: 'max', actorGroups: ['managers'], data: {} }] }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/approved/) } });
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: s.openTasks[0], actor: 'max', actorGroups: ['managers'], data: { approved: true } }] });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', variables: { approved: true, shipped: true } });
  });
});
