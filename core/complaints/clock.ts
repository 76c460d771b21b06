/**
 * SLA clock arithmetic on a business calendar. Pure: the SLA clock workflow calls these with its
 * deterministic workflow time. A clock consumes business time while running; pausing banks what
 * was consumed, resuming recomputes the due instant from the remaining business time, so the
 * deadline moves by exactly the business time spent paused.
 */
import { addBusinessDuration, businessTimeBetween, type BusinessCalendar } from '../calendar';
import type { ClockSpec, ClockState } from './types';

function instants(cal: BusinessCalendar, c: ClockState, from: number): Pick<ClockState, 'dueAt' | 'warnAt'> {
  const warnMs = Math.round(c.durationMs * c.warnFraction);
  return {
    dueAt: addBusinessDuration(cal, from, Math.max(0, c.durationMs - c.consumedMs)),
    warnAt: addBusinessDuration(cal, from, Math.max(0, warnMs - c.consumedMs)),
  };
}

/** A clock started at `at`. */
export function startClock(cal: BusinessCalendar, spec: ClockSpec, at: number): ClockState {
  const c: ClockState = { ...spec, startedAt: at, runningSince: at, consumedMs: 0, pausedBusinessMs: 0, dueAt: at, warnAt: at, state: 'running' };
  return { ...c, ...instants(cal, c, at) };
}

/** Stops the clock from consuming time (waiting for the customer). No-op unless running. */
export function pauseClock(cal: BusinessCalendar, c: ClockState, at: number): ClockState {
  if (c.runningSince === undefined || c.stoppedAt !== undefined) return c;
  const consumed = c.consumedMs + businessTimeBetween(cal, c.runningSince, at);
  return { ...c, consumedMs: consumed, runningSince: undefined, pausedAt: at, state: c.breachedAt ? c.state : 'paused' };
}

/** Resumes a paused clock; due and warning instants move by the business time spent paused. */
export function resumeClock(cal: BusinessCalendar, c: ClockState, at: number): ClockState {
  if (c.pausedAt === undefined || c.stoppedAt !== undefined) return c;
  const paused = businessTimeBetween(cal, c.pausedAt, at);
  const next: ClockState = { ...c, runningSince: at, pausedAt: undefined, pausedBusinessMs: c.pausedBusinessMs + paused };
  next.state = c.breachedAt ? 'breached' : c.warnedAt ? 'warning' : 'running';
  // A breached clock keeps its recorded deadline; only a running deadline moves.
  return c.breachedAt ? next : { ...next, ...instants(cal, next, at) };
}

/** Stops the clock for good: met, or met late when it had breached. */
export function stopClock(c: ClockState, at: number): ClockState {
  if (c.stoppedAt !== undefined) return c;
  return { ...c, runningSince: undefined, stoppedAt: at, state: c.breachedAt ? 'met-late' : 'met' };
}

/** The next instant at which this clock must fire something, if any. */
export function nextFiring(c: ClockState): { kind: 'warning' | 'breach'; at: number } | undefined {
  if (c.stoppedAt !== undefined || c.runningSince === undefined) return undefined;
  if (c.warnedAt === undefined && c.warnAt < c.dueAt) return { kind: 'warning', at: c.warnAt };
  if (c.breachedAt === undefined) return { kind: 'breach', at: c.dueAt };
  return undefined;
}

/** The SLA state of several clocks as one word, worst first. */
export function overallState(clocks: ClockState[]): ClockState['state'] {
  const order: ClockState['state'][] = ['breached', 'met-late', 'warning', 'paused', 'running', 'met'];
  for (const s of order) if (clocks.some((c) => c.state === s)) return s;
  return 'met';
}
