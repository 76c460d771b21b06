import type { CompiledProcess } from '../bpmn/graph';
import { addBusinessDuration, type BusinessCalendar } from '../calendar';
import type { AlignmentResult } from './alignment';
import { type Deviation, slaDeviations, type SlaDeadline } from './deviations';
import type { ConformanceTrace } from './types';

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration made of weeks, days, hours, minutes and seconds (`PT24H`,
 * `P1DT2H`). A day counts as 24 hours of the clock it is measured on (business hours on a business
 * calendar). Years and months are rejected (their length is ambiguous). Undefined when malformed.
 */
export function parseIsoDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

export interface SlaOptions {
  /** Calendars by id, for elements naming `task.calendar`; else `defaultCalendar`, else elapsed time. */
  calendars?: Record<string, BusinessCalendar>;
  defaultCalendar?: BusinessCalendar;
  /** The current instant (epoch ms): steps never done are breached once it is past their due time. */
  now?: number;
}

/**
 * SLA breaches of a case: each synchronous step whose element has `task.slaDuration` is due that long
 * (on its calendar) after the previous event of the case — when the step became ready — or after the
 * first event for the first step. Events without timestamps are not judged.
 */
export function slaBreaches(
  process: CompiledProcess,
  trace: ConformanceTrace,
  alignment: AlignmentResult,
  options: SlaOptions = {},
): Deviation[] {
  const deadlines: SlaDeadline[] = [];
  const seen = new Set<string>();
  for (const move of alignment.moves) {
    if (move.kind !== 'sync' || move.eventIndex === undefined || !move.elementId || seen.has(move.elementId)) continue;
    const element = process.elements[move.elementId];
    const sla = element?.task?.slaDuration;
    if (!sla) continue;
    seen.add(move.elementId);
    const durationMs = parseIsoDuration(sla);
    const readyAt = trace.events[Math.max(0, move.eventIndex - 1)]?.timestamp;
    if (durationMs === undefined || readyAt === undefined) continue;
    const calendar = (element.task?.calendar && options.calendars?.[element.task.calendar]) || options.defaultCalendar;
    const dueAt = calendar ? addBusinessDuration(calendar, readyAt, durationMs) : readyAt + durationMs;
    deadlines.push({ activity: trace.events[move.eventIndex].activity, elementId: element.id, dueAt });
  }
  return slaDeviations(trace, deadlines, options.now);
}
