/**
 * A user task interrupted while its inbox record is still being written. The createUserTask activity
 * is slowed (a database under load) so that the interrupting boundary timer fires while it runs; the
 * workflow stops waiting for it, but the activity goes on in the worker and lands afterwards. The
 * record must end cancelled, not open (seen once in bench:complaints under heavy load).
 */
import { taskModel } from '../../store/engine/task';
import { userTaskWithTimeout } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';

/** Each slowed creation, settled when the real write has returned. */
const landed: Promise<void>[] = [];
const CREATE_DELAY_MS = 1500;

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-task-race', {
    activities: (real) => ({
      ...real,
      createUserTask: async (input) => {
        const done = (async () => {
          await new Promise((r) => setTimeout(r, CREATE_DELAY_MS));
          await real.createUserTask(input);
        })();
        landed.push(done);
        await done;
      },
    }),
  });
}, 120_000);
afterAll(async () => h?.close());

it('when the boundary timer fires while the task record is being created, then the record ends cancelled once the creation lands', async () => {
  const handle = await h.start(userTaskWithTimeout('PT0.3S'));
  const result = await handle.result();
  expect(result.variables.escalated).toBe(true);
  // The case ended on the boundary path before the creation returned; wait for the write itself.
  expect(landed).toHaveLength(1);
  await landed[0];
  const tasks = await taskModel(h.db).find({ caseId: handle.workflowId }).lean();
  expect(tasks).toHaveLength(1);
  expect(tasks[0]).toMatchObject({ status: 'cancelled', elementId: 'call' });
  expect(tasks[0]._id).toBe(tasks[0].taskId);
  expect(tasks[0].closedAt).toBeInstanceOf(Date);
  // The history shows the path taken: the creation was cancelled, then the close ran.
  const history = await handle.fetchHistory();
  const scheduled = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
  expect(scheduled.filter((n) => n === 'createUserTask' || n === 'closeUserTask')).toEqual(['createUserTask', 'closeUserTask']);
});
