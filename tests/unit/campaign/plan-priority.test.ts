/**
 * Plan priority as Temporal's task priority key (planPriorityKey). Plan starts set it (read back in
 * tests/api/plans.test.ts); the order it gives two competing plans is tested in
 * tests/workflow/plan-priority.test.ts.
 */
import { planPriorityKey } from '../../../workflows/plan/messages';

it('maps plan priority 0–100 onto Temporal priority keys 5…1, higher plans first', () => {
  expect([0, 24, 25, 50, 74, 75, 99, 100].map(planPriorityKey)).toEqual([5, 5, 4, 3, 3, 2, 2, 1]);
});
