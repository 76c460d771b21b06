/**
 * The SLA clocks of a complaint as the detail screen shows them: the stored clock plus the business
 * time left now, counted on the clock's calendar (a named calendar, else the default policy's).
 */
import mongoose, { type Connection } from 'mongoose';
import { businessTimeBetween, type BusinessCalendar } from '../../core/calendar';
import { DEFAULT_POLICY, DUTY_LINE_CALENDAR, SERVICE_CENTRE_CALENDAR } from '../../core/complaints/policy';
import { calendars } from '../../store/calendars';
import type { SlaClockDoc } from '../../store/complaints';

const BUILT_IN: Record<string, BusinessCalendar> = Object.fromEntries([SERVICE_CENTRE_CALENDAR, DUTY_LINE_CALENDAR].map((c) => [c.id ?? '', c]));

export interface ClockView {
  round: number;
  name: string;
  calendarId?: string;
  state: string;
  durationMs: number;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  consumedMs: number;
  pausedBusinessMs: number;
  pausedAt?: string;
  warnedAt?: string;
  breachedAt?: string;
  stoppedAt?: string;
  /**
   * Business time left before the deadline at `now` (negative once overdue); while paused, the
   * banked remainder; absent once the clock stopped.
   */
  remainingBusinessMs?: number;
}

async function calendarsOf(db: Connection, ids: string[]): Promise<Map<string, BusinessCalendar>> {
  const out = new Map<string, BusinessCalendar>();
  const named = ids.filter((id) => !BUILT_IN[id]);
  if (named.length) {
    for (const c of await calendars(db).find({ _id: mongoose.trusted({ $in: named }) }, { calendar: 1 }).lean()) out.set(c._id, c.calendar);
  }
  for (const id of ids) if (BUILT_IN[id]) out.set(id, BUILT_IN[id]);
  return out;
}

const iso = (d: Date | undefined): string | undefined => d?.toISOString();

/** The clocks with their remaining business time at `now`. */
export async function clockViews(db: Connection, clocks: SlaClockDoc[], now = Date.now()): Promise<ClockView[]> {
  const cals = await calendarsOf(db, [...new Set(clocks.map((c) => c.calendarId).filter((id): id is string => !!id))]);
  return clocks.map((c) => {
    const cal = (c.calendarId && cals.get(c.calendarId)) || DEFAULT_POLICY.sla.calendar;
    let remainingBusinessMs: number | undefined;
    if (!c.stoppedAt) remainingBusinessMs = c.pausedAt ? Math.max(0, c.durationMs - c.consumedMs) : businessTimeBetween(cal, now, c.dueAt.getTime());
    return {
      round: c.round,
      name: c.name,
      calendarId: c.calendarId,
      state: c.state,
      durationMs: c.durationMs,
      startedAt: c.startedAt.toISOString(),
      dueAt: c.dueAt.toISOString(),
      warnAt: c.warnAt.toISOString(),
      consumedMs: c.consumedMs,
      pausedBusinessMs: c.pausedBusinessMs,
      pausedAt: iso(c.pausedAt),
      warnedAt: iso(c.warnedAt),
      breachedAt: iso(c.breachedAt),
      stoppedAt: iso(c.stoppedAt),
      remainingBusinessMs,
    };
  });
}
