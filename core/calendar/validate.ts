import { isValidTimeZone } from './zone';
import { type BusinessCalendar, CalendarError, type TimeRange, type Weekday } from './types';

const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight of `HH:MM`, or undefined when malformed (24:xx other than 24:00 too). */
export function parseClock(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 1440 ? undefined : minutes;
}

/** Whether `text` is a real calendar date `YYYY-MM-DD`. */
export function isLocalDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function checkRanges(where: string, ranges: TimeRange[], problems: string[]): void {
  const parsed: [number, number][] = [];
  ranges.forEach((r, i) => {
    const s = parseClock(r.start);
    const e = parseClock(r.end);
    if (s === undefined || e === undefined) {
      problems.push(`${where}[${i}]: times must be HH:MM between 00:00 and 24:00, got "${r.start}"-"${r.end}"`);
    } else if (s >= e) {
      problems.push(`${where}[${i}]: start ${r.start} must be before end ${r.end} (ranges may not cross midnight)`);
    } else {
      parsed.push([s, e]);
    }
  });
  parsed.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i][0] < parsed[i - 1][1]) problems.push(`${where}: ranges overlap`);
  }
}

/** Every fault of a calendar, as readable sentences; empty when the calendar is valid. */
export function calendarProblems(cal: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (typeof cal.timeZone !== 'string' || !isValidTimeZone(cal.timeZone)) {
    problems.push(`timeZone: "${String(cal.timeZone)}" is not an IANA time zone known to this runtime`);
  }
  if (cal.alwaysOpen) return problems;
  let anyHours = false;
  for (const [key, ranges] of Object.entries(cal.week ?? {})) {
    const day = Number(key);
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      problems.push(`week: key "${key}" is not an ISO weekday 1 (Monday) … 7 (Sunday)`);
      continue;
    }
    if (!Array.isArray(ranges)) {
      problems.push(`week[${key}]: must be a list of time ranges`);
      continue;
    }
    checkRanges(`week[${key}]`, ranges, problems);
    if (ranges.length > 0) anyHours = true;
  }
  if (!anyHours) problems.push('week: no weekday has working hours (use alwaysOpen for a 24-hour line)');
  for (const h of cal.holidays ?? []) {
    if (!isLocalDate(h)) problems.push(`holidays: "${h}" is not a date YYYY-MM-DD`);
  }
  for (const x of cal.extraWorkingDays ?? []) {
    const date = typeof x === 'string' ? x : x.date;
    if (!isLocalDate(date)) problems.push(`extraWorkingDays: "${date}" is not a date YYYY-MM-DD`);
    if (typeof x !== 'string' && x.hours) checkRanges(`extraWorkingDays[${date}]`, x.hours, problems);
  }
  if (cal.defaultHours) checkRanges('defaultHours', cal.defaultHours, problems);
  return problems;
}

/** Throws {@link CalendarError} listing every fault when the calendar is invalid. */
export function validateCalendar(cal: BusinessCalendar): void {
  const problems = calendarProblems(cal);
  if (problems.length > 0) {
    throw new CalendarError(
      `Invalid business calendar${cal.id ? ` "${cal.id}"` : ''}: ${problems.join('; ')}`,
      problems,
    );
  }
}

/** The weekdays, in order, for iteration. */
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];
