import { parseClock } from '../calendar/validate';
import { zoneOffsetMs } from '../calendar';

/** A named span of local time of day, `HH:MM` to `HH:MM` (end exclusive). */
export interface DayPart {
  label: string;
  start: string;
  end: string;
}

const DAY = 86_400_000;

/**
 * A `windowOf` for {@link evaluatePlan}: the label of the first day part the local time of day (in
 * `timeZone`) falls in, else `otherLabel`.
 */
export function localTimeWindows(
  timeZone: string,
  parts: readonly DayPart[],
  otherLabel = 'other',
): (at: number) => string {
  const spans = parts.map((p) => {
    const start = parseClock(p.start);
    const end = parseClock(p.end);
    if (start === undefined || end === undefined || start >= end) {
      throw new RangeError(`day part "${p.label}": need HH:MM start before end, got ${p.start}-${p.end}`);
    }
    return { label: p.label, start, end };
  });
  return (at: number): string => {
    const local = at + zoneOffsetMs(timeZone, at);
    const minutes = Math.floor((((local % DAY) + DAY) % DAY) / 60_000);
    return spans.find((s) => minutes >= s.start && minutes < s.end)?.label ?? otherLabel;
  };
}
