import { type WeeklyWindow } from '../calendar';

/**
 * The rules a proactive-service plan follows for each customer. Plain JSON so it travels in
 * workflow inputs; instants elsewhere are epoch milliseconds.
 */
export interface ContactStrategy {
  id: string;
  name: string;
  /** Allowed channels in fallback order (e.g. `['phone', 'sms']`). */
  channels: string[];
  /** Attempts on each channel before falling back to the next; default spreads maxAttempts evenly. */
  attemptsPerChannel?: number;
  /** IANA time zone the windows are read in. */
  timeZone: string;
  /** When customers may be contacted: weekdays × hours. */
  windows: WeeklyWindow[];
  /** Local dates (`YYYY-MM-DD`) on which no one is contacted. */
  holidays?: string[];
  /** Skills the serving agent must have. */
  requiredSkills: string[];
  /** Attempts in all, first one included, before a customer counts as unreachable. */
  maxAttempts: number;
  /** Least time between the start of one attempt and the next. */
  retrySpacingMs: number;
}

/** Thrown when a strategy is malformed; `problems` lists every fault found. */
export class StrategyError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'StrategyError';
  }
}
