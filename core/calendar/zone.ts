/**
 * Time-zone arithmetic with Intl only (no libraries, no Node built-ins) so that it runs inside the
 * Temporal workflow sandbox. Formatters are cached per zone; results are deterministic.
 */

/** A local calendar date. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows the IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

function wallClock(timeZone: string, utcMs: number): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (
      p.type === 'year' ||
      p.type === 'month' ||
      p.type === 'day' ||
      p.type === 'hour' ||
      p.type === 'minute' ||
      p.type === 'second'
    ) {
      out[p.type] = Number(p.value);
    }
  }
  return out;
}

/** Offset of the zone from UTC at an instant, in milliseconds (east positive). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const w = wallClock(timeZone, utcMs);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(utcMs / 1000) * 1000;
  return asUtc - whole;
}

/** The local date of an instant in a zone. */
export function localDateOf(timeZone: string, utcMs: number): LocalDate {
  const w = wallClock(timeZone, utcMs);
  return { year: w.year, month: w.month, day: w.day };
}

/**
 * The instant at which the zone's wall clock shows `minutes` after local midnight of `date`
 * (`minutes` may be 1440 for the next midnight). A wall time skipped by a DST jump maps to the
 * instant the clocks jumped to plus the skipped amount (as `Intl` and ECMAScript Temporal's
 * "compatible" disambiguation do); a repeated wall time maps to its first occurrence.
 */
export function localToUtc(timeZone: string, date: LocalDate, minutes: number): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  const o1 = zoneOffsetMs(timeZone, naive - zoneOffsetMs(timeZone, naive));
  // Try both candidate offsets around a transition; prefer the earlier valid instant.
  const before = zoneOffsetMs(timeZone, naive - 86_400_000);
  const after = zoneOffsetMs(timeZone, naive + 86_400_000);
  const candidates = [naive - before, naive - after, naive - o1].filter((t) => zoneOffsetMs(timeZone, t) === naive - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: use the offset before the transition, which lands after the jump.
  return naive - before;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function weekdayOf(date: LocalDate): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (d === 0 ? 7 : d) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/** The local date `days` after `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD` of a local date. */
export function formatLocalDate(date: LocalDate): string {
  const p = (n: number, w: number): string => String(n).padStart(w, '0');
  return `${p(date.year, 4)}-${p(date.month, 2)}-${p(date.day, 2)}`;
}
