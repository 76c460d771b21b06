/**
 * Timers on a business calendar (`tp:calendar` on the timer or the task): a duration counts working time
 * only (core/calendar's addBusinessDuration, pure and deterministic, computed here in workflow code from
 * workflow time); a cycle repeats that per interval; a date is an instant and stays one. The calendar comes
 * from the case input's registry, else from the process variable `calendars`.
 */
import type { EventDefinition } from '../../core/bpmn/graph';
import { addBusinessDuration, calendarProblems, type BusinessCalendar } from '../../core/calendar';
import { durationToMs, ExpressionError, parseCycle, timerDelays, timerText, TimerValueError } from '../../core/expression/feel';
import type { Engine } from './engine';
import { BUSINESS_CALENDAR_PATCH } from './patches';
import { IncidentError } from './types';

type TimerEvent = Extract<EventDefinition, { kind: 'timer' }>;

/** The named calendar from the input registry or the `calendars` variable; an incident when unknown or invalid. */
export function calendarNamed(engine: Engine, name: string, vars: Record<string, unknown>): BusinessCalendar {
  const fromVars = vars.calendars && typeof vars.calendars === 'object' ? (vars.calendars as Record<string, unknown>)[name] : undefined;
  const cal = (engine.input.calendars?.[name] ?? fromVars) as BusinessCalendar | undefined;
  if (!cal || typeof cal !== 'object') throw new IncidentError('other', `business calendar '${name}' is not known to this case`);
  const problems = calendarProblems(cal);
  if (problems.length > 0) throw new IncidentError('other', `business calendar '${name}' is invalid: ${problems.join('; ')}`);
  return cal;
}

/** Delays (ms from `now`) at which the timer fires, in business time when it names a calendar. */
export function eventTimerDelays(engine: Engine, def: TimerEvent, vars: Record<string, unknown>, now: number, maxFirings = 1000): number[] {
  if (!def.calendar || !engine.usesPatch(BUSINESS_CALENDAR_PATCH)) return timerDelays(def.timer, vars, now, maxFirings);
  const cal = calendarNamed(engine, def.calendar, vars);
  try {
    const text = timerText(def.timer.expression, vars);
    if (def.timer.kind === 'date') return timerDelays(def.timer, vars, now, maxFirings);
    if (def.timer.kind === 'duration') return [addBusinessDuration(cal, now, durationToMs(text, now)) - now];
    const cycle = parseCycle(text, now);
    const out: number[] = [];
    let at = cycle.start !== undefined && cycle.start > now ? cycle.start : now;
    const total = Math.min(cycle.repetitions ?? maxFirings, maxFirings);
    for (let i = 0; i < total; i++) {
      at = addBusinessDuration(cal, at, cycle.intervalMs);
      out.push(at - now);
    }
    return out;
  } catch (err) {
    if (err instanceof TimerValueError) throw new ExpressionError(def.timer.expression, err.message);
    throw err;
  }
}

/**
 * A due date `duration` after `now`, in business time when `calendar` names a calendar the case knows. A due
 * date only informs the inbox, so an unknown calendar falls back to calendar time rather than stopping the
 * task (a timer with an unknown calendar raises an incident instead: it would fire at the wrong moment).
 */
export function dueAfter(engine: Engine, duration: string, now: number, calendar: string | undefined, vars: Record<string, unknown>): number {
  const ms = durationToMs(duration, now);
  if (!calendar) return now + ms;
  let cal: BusinessCalendar;
  try {
    cal = calendarNamed(engine, calendar, vars);
  } catch {
    return now + ms;
  }
  return addBusinessDuration(cal, now, ms);
}
