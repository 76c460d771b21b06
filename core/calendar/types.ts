/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A range of local wall-clock time within one day, `HH:MM` to `HH:MM` (end may be `24:00`). */
export interface TimeRange {
  start: string;
  end: string;
}

/** A working day outside the weekly pattern (e.g. a Sunday swapped for a holiday). */
export interface ExtraWorkingDay {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Hours worked that day; defaults to the calendar's {@link BusinessCalendar.defaultHours}. */
  hours?: TimeRange[];
}

/**
 * A business calendar: when the clock of an SLA or a contact window runs. Plain JSON so that it can
 * travel in workflow inputs. Instants are epoch milliseconds (UTC); the calendar's wall-clock times
 * are read in {@link timeZone}.
 */
export interface BusinessCalendar {
  id?: string;
  /** IANA time zone, e.g. `Asia/Shanghai` or `Europe/Berlin`. */
  timeZone: string;
  /** Working hours per ISO weekday; a weekday absent or with no ranges is a weekly rest day. */
  week?: Partial<Record<Weekday, TimeRange[]>>;
  /** Local dates (`YYYY-MM-DD`) on which no one works. */
  holidays?: string[];
  /** Local dates worked although the weekly pattern says rest; a plain string uses the default hours. */
  extraWorkingDays?: (string | ExtraWorkingDay)[];
  /** Hours for extra working days given without hours; defaults to the first weekday that has hours. */
  defaultHours?: TimeRange[];
  /** A 24-hour line (duty line): every instant is working time; holidays and week are ignored. */
  alwaysOpen?: boolean;
}

/** A half-open interval `[start, end)` of epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** An instant as epoch milliseconds or a Date. */
export type Instant = number | Date;

/** Thrown when a calendar is malformed; `problems` lists every fault found. */
export class CalendarError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}
