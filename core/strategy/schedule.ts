import { isWorkingTime, nextWorkingInstant } from '../calendar';
import { type ContactStrategy } from './types';
import { strategyCalendar, validateStrategy } from './validate';

/**
 * When the next attempt on a customer may start, or undefined when the strategy's attempts are used
 * up. The first attempt may start at `now`; later ones no sooner than `retrySpacingMs` after the
 * last. Either way the instant is moved forward into the strategy's windows (skipping holidays).
 */
export function nextAttemptTime(
  s: ContactStrategy,
  lastAttemptAt: number | undefined,
  attemptsSoFar: number,
  now: number,
): number | undefined {
  validateStrategy(s);
  if (attemptsSoFar >= s.maxAttempts) return undefined;
  const earliest =
    lastAttemptAt === undefined || attemptsSoFar === 0 ? now : Math.max(now, lastAttemptAt + s.retrySpacingMs);
  return nextWorkingInstant(strategyCalendar(s), earliest);
}

/** Whether `instant` lies within the strategy's contact windows. */
export function withinWindows(s: ContactStrategy, instant: number): boolean {
  return isWorkingTime(strategyCalendar(s), instant);
}

/**
 * The channel for attempt number `attemptNo` (1-based): each channel in fallback order gets
 * `attemptsPerChannel` attempts (default: maxAttempts spread evenly, rounding up); the last channel
 * takes any attempts left over.
 */
export function channelForAttempt(s: ContactStrategy, attemptNo: number): string {
  const per = s.attemptsPerChannel ?? Math.max(1, Math.ceil(s.maxAttempts / s.channels.length));
  const i = Math.min(Math.floor((Math.max(1, attemptNo) - 1) / per), s.channels.length - 1);
  return s.channels[i];
}

/** Whether an agent with `skills` may serve under the strategy (has every required skill). */
export function agentQualifies(s: ContactStrategy, skills: readonly string[]): boolean {
  const have = new Set(skills);
  return s.requiredSkills.every((k) => have.has(k));
}
