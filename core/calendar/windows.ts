import { type BusinessCalendar, CalendarError, type TimeRange, type Weekday } from './types';

/** A recurring window for a strategy (e.g. outbound calls): these weekdays, these hours. */
export interface WeeklyWindow {
  weekdays: Weekday[];
  hours: TimeRange[];
}

/**
 * A calendar whose working time is the union of the windows (holidays optional), so that every
 * calendar function applies to contact windows too.
 */
export function calendarFromWindows(
  timeZone: string,
  windows: WeeklyWindow[],
  options: { holidays?: string[]; id?: string } = {},
): BusinessCalendar {
  const week: Partial<Record<Weekday, TimeRange[]>> = {};
  for (const w of windows) {
    for (const d of w.weekdays) {
      if (!Number.isInteger(d) || d < 1 || d > 7)
        throw new CalendarError(`window weekday ${d} is not 1 (Monday) … 7 (Sunday)`);
      week[d] = [...(week[d] ?? []), ...w.hours];
    }
  }
  for (const d of Object.keys(week)) {
    const key = Number(d) as Weekday;
    week[key] = mergeRanges(week[key] ?? []);
  }
  return { id: options.id, timeZone, week, holidays: options.holidays };
}

function mergeRanges(ranges: TimeRange[]): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.start.localeCompare(b.start));
  const out: TimeRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push({ ...r });
    }
  }
  return out;
}
