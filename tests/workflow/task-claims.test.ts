/**
 * Claim and unclaim reach the engine: a claimed task can be completed only by its claimer, a claim respects
 * the model's assignee and candidate groups, and a supervisor (override) may release someone else's claim.
 */
import { claimTaskUpdate, completeTaskUpdate, unclaimTaskUpdate } from '../../workflows/process/messages';
import { taskModel } from '../../store/engine/task';
import { GraphBuilder } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-claims');
}, 120_000);
afterAll(async () => h?.close());

const rejected = (p: Promise<unknown>, re: RegExp) => expect(p).rejects.toMatchObject({ cause: { message: expect.stringMatching(re) } });

const groupTask = () => new GraphBuilder().start().user('call', { candidateGroups: ['agents'] }).end().chain('start', 'call', 'end').build();

describe('claiming user tasks in the workflow', () => {
  it('when an agent claims a group task, then only that agent may complete it, and the claim shows in the state', async () => {
    const handle = await h.start(groupTask());
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    const taskId = s.openTasks[0];
    await rejected(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: 'eve', actorGroups: ['sales'] }] }), /none of the candidate groups/);
    expect(await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: 'ann', actorGroups: ['agents'] }] })).toEqual({ ok: true, claimedBy: 'ann' });
    expect((await h.state(handle)).claims).toEqual({ [taskId]: 'ann' });
    await rejected(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: 'bob', actorGroups: ['agents'] }] }), /already claimed by ann/);
    await rejected(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: 'bob', actorGroups: ['agents'], data: {} }] }), /claimed by ann/);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: 'ann', actorGroups: ['agents'], data: { done: true } }] });
    expect(await handle.result()).toMatchObject({ status: 'completed', variables: { done: true } });
  });

  it('when a claim is released, then by its claimer or a supervisor only, and another agent may take the task', async () => {
    const handle = await h.start(groupTask());
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    const taskId = s.openTasks[0];
    await rejected(handle.executeUpdate(unclaimTaskUpdate, { args: [{ taskId, actor: 'ann' }] }), /is not claimed/);
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: 'ann', actorGroups: ['agents'] }] });
    await rejected(handle.executeUpdate(unclaimTaskUpdate, { args: [{ taskId, actor: 'bob' }] }), /only ann or a supervisor/);
    await handle.executeUpdate(unclaimTaskUpdate, { args: [{ taskId, actor: 'sup', override: true }] });
    expect((await h.state(handle)).claims).toEqual({});
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: 'bob', actorGroups: ['agents'] }] });
    await handle.executeUpdate(unclaimTaskUpdate, { args: [{ taskId, actor: 'bob' }] });
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: 'carl', actorGroups: ['agents'], data: {} }] });
    expect(await handle.result()).toMatchObject({ status: 'completed' });
  });

  it('when a task has a model assignee, then nobody else may claim it', async () => {
    const handle = await h.start(new GraphBuilder().start().user('call', { assignee: 'ann' }).end().chain('start', 'call', 'end').build());
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    const taskId = s.openTasks[0];
    await rejected(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: 'bob' }] }), /assigned to ann/);
    await handle.executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: 'ann' }] });
    await rejected(handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: 'no-such-task', actor: 'ann' }] }), /not open/);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: 'ann', data: {} }] });
    await handle.result();
  });
});

describe('a user task reached again through a loop', () => {
  it('when the flow loops back to the task, then each visit is a task of its own, in the workflow and in the inbox', async () => {
    const graph = new GraphBuilder()
      .start()
      .user('review', { candidateGroups: ['agents'] })
      .el('again', 'bpmn:ExclusiveGateway', { defaultFlow: 'Flow_again_end' })
      .end()
      .chain('start', 'review', 'again')
      .flow('again', 'review', 'redo = true')
      .flow('again', 'end')
      .build();
    const handle = await h.start(graph);
    const first = (await h.waitFor(handle, (x) => x.openTasks.length === 1)).openTasks[0];
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: first, actor: 'ann', actorGroups: ['agents'], data: { redo: true } }] });

    const second = (await h.waitFor(handle, (x) => x.openTasks.length === 1 && x.openTasks[0] !== first)).openTasks[0];
    expect(second).toBe(`${first}~2`);
    const inbox = taskModel(h.db);
    const stored = await until(async () => ((await inbox.findOne({ taskId: second }).lean())?.status === 'open' ? true : undefined));
    expect(stored).toBe(true);
    expect((await inbox.findOne({ taskId: first }).lean())?.status).toBe('completed');

    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: second, actor: 'ann', actorGroups: ['agents'], data: { redo: false } }] });
    expect(await handle.result()).toMatchObject({ status: 'completed', variables: { redo: false } });
  });
});

async function until<T>(fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 200));
  }
}
