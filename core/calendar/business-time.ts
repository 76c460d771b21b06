import { parseClock, validateCalendar, WEEKDAYS } from './validate';
import { addDays, formatLocalDate, localDateOf, type LocalDate, localToUtc, weekdayOf } from './zone';
import { type BusinessCalendar, CalendarError, type Instant, type Interval, type TimeRange } from './types';

/** How far ahead the clock searches for working time before deciding there is none (about 10 years). */
const MAX_DAYS = 3700;

const toMs = (t: Instant): number => (typeof t === 'number' ? t : t.getTime());

function hoursOn(cal: BusinessCalendar, date: LocalDate): TimeRange[] {
  const key = formatLocalDate(date);
  for (const x of cal.extraWorkingDays ?? []) {
    if (x === key) return cal.defaultHours ?? firstWeekdayHours(cal);
    if (typeof x !== 'string' && x.date === key) return x.hours ?? cal.defaultHours ?? firstWeekdayHours(cal);
  }
  if (cal.holidays?.includes(key)) return [];
  return cal.week?.[weekdayOf(date)] ?? [];
}

function firstWeekdayHours(cal: BusinessCalendar): TimeRange[] {
  for (const d of WEEKDAYS) {
    const r = cal.week?.[d];
    if (r && r.length > 0) return r;
  }
  return [];
}

/** Working intervals of one local date, as UTC instants, in order. */
export function workingIntervalsOn(cal: BusinessCalendar, date: LocalDate): Interval[] {
  if (cal.alwaysOpen) {
    return [{ start: localToUtc(cal.timeZone, date, 0), end: localToUtc(cal.timeZone, date, 1440) }];
  }
  return hoursOn(cal, date)
    .map((r) => ({
      start: localToUtc(cal.timeZone, date, parseClock(r.start) ?? 0),
      end: localToUtc(cal.timeZone, date, parseClock(r.end) ?? 0),
    }))
    .filter((iv) => iv.end > iv.start)
    .sort((a, b) => a.start - b.start);
}

/**
 * Working intervals that end after `from`, in order, adjacent ones merged (so a 24-hour line is one
 * long interval), clipped to start no earlier than `from`. Throws when no working time exists within
 * about ten years.
 */
export function* workingIntervalsFrom(cal: BusinessCalendar, from: Instant): Generator<Interval> {
  const t0 = toMs(from);
  let date = addDays(localDateOf(cal.timeZone, t0), -1);
  let pending: Interval | undefined;
  let emptyDays = 0;
  for (let i = 0; ; i++) {
    if (pending && i > MAX_DAYS) {
      // Round-the-clock windows merge without end: hand out the open stretch in pieces.
      yield pending;
      pending = undefined;
      i = 0;
    }
    const ivs = workingIntervalsOn(cal, date).filter((iv) => iv.end > t0);
    emptyDays = ivs.length === 0 ? emptyDays + 1 : 0;
    if (emptyDays > MAX_DAYS || (i > MAX_DAYS && !pending)) {
      throw new CalendarError(`Calendar${cal.id ? ` "${cal.id}"` : ''} has no working time within ${MAX_DAYS} days`);
    }
    for (const iv of ivs) {
      const clipped = { start: Math.max(iv.start, t0), end: iv.end };
      if (pending && clipped.start <= pending.end) {
        pending.end = Math.max(pending.end, clipped.end);
      } else {
        if (pending) yield pending;
        pending = clipped;
      }
    }
    date = addDays(date, 1);
  }
}

/** Whether `instant` lies within working time (intervals are half-open: 18:00 is not working time). */
export function isWorkingTime(cal: BusinessCalendar, instant: Instant): boolean {
  validateCalendar(cal);
  const t = toMs(instant);
  if (cal.alwaysOpen) return true;
  const date = localDateOf(cal.timeZone, t);
  return workingIntervalsOn(cal, date).some((iv) => iv.start <= t && t < iv.end);
}

/** The first working instant at or after `instant` (itself when it is working time). */
export function nextWorkingInstant(cal: BusinessCalendar, instant: Instant): number {
  validateCalendar(cal);
  const t = toMs(instant);
  if (cal.alwaysOpen) return t;
  // Only the start matters, so no merging across days (which never ends for round-the-clock windows).
  let date = addDays(localDateOf(cal.timeZone, t), -1);
  for (let i = 0; i <= MAX_DAYS; i++) {
    const starts = workingIntervalsOn(cal, date)
      .filter((iv) => iv.end > t)
      .map((iv) => Math.max(iv.start, t));
    if (starts.length > 0) return Math.min(...starts);
    date = addDays(date, 1);
  }
  throw new CalendarError(`Calendar${cal.id ? ` "${cal.id}"` : ''} has no working time within ${MAX_DAYS} days`);
}

/**
 * The instant at which `durationMs` of business time has elapsed since `start`. Time before the first
 * working instant does not count; a duration that exactly uses up a working period ends at that
 * period's close (e.g. 18:00), not at the next opening.
 */
export function addBusinessDuration(cal: BusinessCalendar, start: Instant, durationMs: number): number {
  validateCalendar(cal);
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new CalendarError(`durationMs must be a finite, non-negative number, got ${durationMs}`);
  }
  const t = toMs(start);
  if (cal.alwaysOpen) return t + durationMs;
  if (durationMs === 0) return t;
  let remaining = durationMs;
  for (const iv of workingIntervalsFrom(cal, t)) {
    const available = iv.end - iv.start;
    if (remaining <= available) return iv.start + remaining;
    remaining -= available;
  }
  throw new CalendarError('unreachable: interval generator ended');
}

/**
 * Business time between two instants in milliseconds; negative when `b` is before `a`. Used to move
 * a paused SLA deadline by exactly the business time spent paused.
 */
export function businessTimeBetween(cal: BusinessCalendar, a: Instant, b: Instant): number {
  validateCalendar(cal);
  const ta = toMs(a);
  const tb = toMs(b);
  if (tb < ta) return -businessTimeBetween(cal, tb, ta);
  if (cal.alwaysOpen) return tb - ta;
  let total = 0;
  for (const iv of workingIntervalsFrom(cal, ta)) {
    if (iv.start >= tb) break;
    total += Math.min(iv.end, tb) - iv.start;
  }
  return total;
}

/** Working intervals overlapping `[from, to)`, clipped to it: the windows a strategy may act in. */
export function workingWindows(cal: BusinessCalendar, from: Instant, to: Instant): Interval[] {
  validateCalendar(cal);
  const tf = toMs(from);
  const tt = toMs(to);
  if (tt <= tf) return [];
  if (cal.alwaysOpen) return [{ start: tf, end: tt }];
  const out: Interval[] = [];
  for (const iv of workingIntervalsFrom(cal, tf)) {
    if (iv.start >= tt) break;
    out.push({ start: iv.start, end: Math.min(iv.end, tt) });
  }
  return out;
}
