/**
 * Plan priority as Temporal's task priority key (planPriorityKey). Plan starts set it (covered in
 * tests/api/plans.test.ts); it orders only backlogged tasks: on the dev server with one activity
 * slot, two competing plans were served partly in priority order (5 to 7 of the high plan's 8
 * attempts among the first 8, against 3 with equal keys); see the README.
 */
import { planPriorityKey } from '../../../workflows/plan/messages';

it('maps plan priority 0–100 onto Temporal priority keys 5…1, higher plans first', () => {
  expect([0, 24, 25, 50, 74, 75, 99, 100].map(planPriorityKey)).toEqual([5, 5, 4, 3, 3, 2, 2, 1]);
});
