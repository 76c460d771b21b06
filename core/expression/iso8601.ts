/**
 * ISO 8601 durations, date-times and repeating intervals for BPMN timers. Pure code: "now" is always
 * a parameter, so the same functions run inside the Temporal workflow sandbox and in plain Node.
 */

/** Thrown when a timer value is not a valid ISO 8601 duration, date-time or repeating interval. */
export class TimerValueError extends Error {
  constructor(
    readonly value: string,
    message: string,
  ) {
    super(message);
    this.name = 'TimerValueError';
  }
}

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION_RE =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses "P1Y2M3W4DT5H6M7.5S"-style durations; throws {@link TimerValueError} otherwise. */
export function parseDuration(value: string): IsoDuration {
  const text = value.trim();
  const m = DURATION_RE.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw new TimerValueError(value, `'${value}' is not an ISO 8601 duration`);
  if (m[1]) throw new TimerValueError(value, `negative duration '${value}' cannot be a timer`);
  const n = (s: string | undefined): number => (s ? Number(s.replace(',', '.')) : 0);
  return { years: n(m[2]), months: n(m[3]), weeks: n(m[4]), days: n(m[5]), hours: n(m[6]), minutes: n(m[7]), seconds: n(m[8]) };
}

const DAY = 86_400_000;

/**
 * Milliseconds of a duration. Calendar parts (years, months) are added on the UTC calendar from
 * `from` (epoch ms) when given, otherwise counted as 365 and 30 days.
 */
export function durationToMs(value: string | IsoDuration, from?: number): number {
  const d = typeof value === 'string' ? parseDuration(value) : value;
  let calendarMs = (d.years * 365 + d.months * 30) * DAY;
  if (from !== undefined && (d.years || d.months) && Number.isInteger(d.years) && Number.isInteger(d.months)) {
    const start = new Date(from);
    const end = new Date(from);
    end.setUTCFullYear(start.getUTCFullYear() + d.years, start.getUTCMonth() + d.months);
    calendarMs = end.getTime() - from;
  }
  return Math.round(calendarMs + (d.weeks * 7 + d.days) * DAY + d.hours * 3_600_000 + d.minutes * 60_000 + d.seconds * 1000);
}

const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch ms of an ISO 8601 date or date-time; a value without zone is read as UTC. */
export function parseDateTime(value: string): number {
  const text = value.trim();
  if (!DATE_TIME_RE.test(text)) throw new TimerValueError(value, `'${value}' is not an ISO 8601 date-time`);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.includes('T');
  const ms = Date.parse(hasZone || !text.includes('T') ? text : `${text}Z`);
  if (Number.isNaN(ms)) throw new TimerValueError(value, `'${value}' is not a valid date-time`);
  return ms;
}

export interface IsoCycle {
  /** Number of repetitions; undefined means unbounded ("R/…"). */
  repetitions?: number;
  /** Epoch ms of the first start, when the cycle names one. */
  start?: number;
  intervalMs: number;
}

/** Parses repeating intervals "R3/PT10M", "R/PT1H", "R2/2026-01-01T08:00:00Z/P1D". */
export function parseCycle(value: string, now?: number): IsoCycle {
  const parts = value.trim().split('/');
  const head = parts[0] ?? '';
  if (!/^R\d*$/.test(head) || parts.length < 2 || parts.length > 3) {
    throw new TimerValueError(value, `'${value}' is not an ISO 8601 repeating interval (R<n>/<duration>)`);
  }
  const repetitions = head.length > 1 ? Number(head.slice(1)) : undefined;
  if (parts.length === 2) return { repetitions, intervalMs: durationToMs(parts[1] ?? '', now) };
  const [, a = '', b = ''] = parts;
  if (a.startsWith('P')) {
    // R/duration/end: count back from the end.
    const intervalMs = durationToMs(a, now);
    return { repetitions, intervalMs, start: parseDateTime(b) - intervalMs * (repetitions ?? 1) };
  }
  const start = parseDateTime(a);
  return { repetitions, start, intervalMs: durationToMs(b, start) };
}

/**
 * Delays (ms from `now`) at which a cycle fires, at most `limit` of them; a start in the past
 * skips the occurrences already gone by.
 */
export function cycleDelays(cycle: IsoCycle, now: number, limit = 1000): number[] {
  const out: number[] = [];
  const total = Math.min(cycle.repetitions ?? limit, limit);
  if (cycle.intervalMs <= 0) return Array.from({ length: total }, () => 0);
  let at = cycle.start ?? now + cycle.intervalMs;
  for (let i = 0; i < total && out.length < total; i++) {
    if (at >= now) out.push(at - now);
    at += cycle.intervalMs;
  }
  return out;
}
