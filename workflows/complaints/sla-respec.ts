/**
 * A clock given a new length (and possibly a new calendar) while it runs, after the agent overrode
 * the classification. Business time already consumed on the old calendar stays consumed; what is
 * left of the new length is counted from now on the new calendar. Warnings and breaches already
 * raised stay raised (they happened); a deadline moved later than a raised warning does not warn again.
 */
import { addBusinessDuration, businessTimeBetween, type BusinessCalendar } from '../../core/calendar';
import type { ClockState } from '../../core/complaints/types';

export function respecClock(
  from: BusinessCalendar,
  to: BusinessCalendar,
  c: ClockState,
  durationMs: number,
  now: number,
): ClockState {
  if (c.stoppedAt !== undefined) return c;
  const consumedMs =
    c.runningSince === undefined ? c.consumedMs : c.consumedMs + businessTimeBetween(from, c.runningSince, now);
  const next: ClockState = {
    ...c,
    durationMs,
    consumedMs,
    runningSince: c.runningSince === undefined ? undefined : now,
  };
  const warnMs = Math.round(durationMs * c.warnFraction);
  return {
    ...next,
    dueAt: addBusinessDuration(to, now, Math.max(0, durationMs - consumedMs)),
    warnAt: addBusinessDuration(to, now, Math.max(0, warnMs - consumedMs)),
  };
}
