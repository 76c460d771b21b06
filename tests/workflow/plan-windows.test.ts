/**
 * Contact windows and retry spacing over days, on Temporal's time-skipping test server: the plan
 * starts Saturday 20:00 (Berlin) under a Monday–Friday 09:00–18:00 strategy and the first attempt
 * happens Monday 09:00, or Tuesday when Monday is a holiday; an unreachable customer is tried
 * exactly maxAttempts times, spaced and kept inside the windows.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { addDays, formatLocalDate, localDateOf, localToUtc, weekdayOf, type LocalDate } from '../../core/calendar/zone';
import { nextAttemptTime, type ContactStrategy } from '../../core/strategy';
import { TEMPORAL_TEST_SERVER_PATH } from '../support/servers';
import { anyTime, createPlanHarness, HOUR, quietRuntime, type PlanHarness } from './plan-harness';

const ZONE = 'Europe/Berlin';
const weekdays = (over: Partial<ContactStrategy> = {}): ContactStrategy => ({
  id: 'care-weekdays',
  name: 'Care calls, weekdays',
  channels: ['phone', 'sms'],
  timeZone: ZONE,
  windows: [{ weekdays: [1, 2, 3, 4, 5], hours: [{ start: '09:00', end: '18:00' }] }],
  requiredSkills: [],
  maxAttempts: 3,
  retrySpacingMs: 2 * HOUR,
  ...over,
});

/** The next Saturday (Berlin) at least two days ahead of the test server's clock. */
async function nextSaturday(): Promise<LocalDate> {
  let d = addDays(localDateOf(ZONE, await env.currentTimeMs()), 2);
  while (weekdayOf(d) !== 6) d = addDays(d, 1);
  return d;
}
const at = (d: LocalDate, hour: number): number => localToUtc(ZONE, d, hour * 60);
/** Timers fire a few milliseconds of task processing after their instant: allow up to a second, never earlier. */
const expectAt = (actual: Date | number, expected: number): void => {
  const ms = new Date(actual).getTime();
  expect({ ms, late: ms - expected >= 0 && ms - expected < 1000 }).toEqual({ ms: expect.any(Number), late: true });
  expect(new Date(ms).toISOString().slice(0, 16)).toBe(new Date(expected).toISOString().slice(0, 16));
};

let env: TestWorkflowEnvironment;
let h: PlanHarness;

beforeAll(async () => {
  if (!TEMPORAL_TEST_SERVER_PATH) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set (see ~/.cache/touchpoint/tools.env)');
  quietRuntime();
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER_PATH } } });
  h = await createPlanHarness('wf-plan-ts', { client: env.client, nativeConnection: env.nativeConnection });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

it('when round-the-clock windows are asked for the next instant, then the answer is immediate (no endless merging)', () => {
  const now = Date.UTC(2026, 10, 28, 20);
  expect(nextAttemptTime(anyTime(), undefined, 0, now)).toBe(now);
});

it('when a contact is due Saturday 20:00 under Monday–Friday 09:00–18:00, then the attempt happens Monday 09:00', async () => {
  const saturday = await nextSaturday();
  const planId = await h.plan('weekend', ['w-ok']);
  const handle = await h.start({ planId, strategy: weekdays(), concurrency: 1, startAt: at(saturday, 20) });
  expect(await handle.result()).toMatchObject({ status: 'finished', reached: 1 });
  const [attempt] = await h.ledger(planId);
  expectAt(attempt.at, at(addDays(saturday, 2), 9));
}, 120_000);

it('when that Monday is a holiday, then the attempt happens Tuesday 09:00', async () => {
  const saturday = await nextSaturday();
  const planId = await h.plan('holiday', ['w-ok']);
  const strategy = weekdays({ holidays: [formatLocalDate(addDays(saturday, 2))] });
  const handle = await h.start({ planId, strategy, concurrency: 1, startAt: at(saturday, 20) });
  expect(await handle.result()).toMatchObject({ status: 'finished', reached: 1 });
  const [attempt] = await h.ledger(planId);
  expectAt(attempt.at, at(addDays(saturday, 3), 9));
}, 120_000);

it('when a customer stays unreachable, then it is tried exactly maxAttempts times, 2 hours apart within the windows', async () => {
  const monday = addDays(await nextSaturday(), 2);
  const planId = await h.plan('spacing', ['w-unreachable']);
  const handle = await h.start({ planId, strategy: weekdays(), concurrency: 1, startAt: at(monday, 17) });
  expect(await handle.result()).toMatchObject({ status: 'finished', unreachable: 1, reached: 0 });
  const attempts = await h.ledger(planId);
  // 17:00 Monday; 19:00 is outside the window, so Tuesday 09:00; then Tuesday 11:00.
  expect(attempts).toHaveLength(3);
  [at(monday, 17), at(addDays(monday, 1), 9), at(addDays(monday, 1), 11)].forEach((t, i) => expectAt(attempts[i].at, t));
  expect(attempts.map((a) => a.channel)).toEqual(['phone', 'phone', 'sms']);
}, 120_000);
