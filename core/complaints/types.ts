/** Complaint handling: kinds, priorities, SLA policy and clock shapes (plain JSON, workflow-safe). */
import type { BusinessCalendar } from '../calendar';

export const CONTACT_KINDS = ['consultation', 'suggestion', 'opinion', 'complaint'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const COMPLAINT_STATUSES = ['received', 'classified', 'assigned', 'waiting-customer', 'replied', 'surveyed', 'closed', 'reopened'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const SLA_STATES = ['running', 'paused', 'warning', 'breached', 'met', 'met-late'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/** One rule of the classification decision: the first rule whose FEEL condition holds wins. */
export interface ClassificationRule {
  /** FEEL condition over the intake variables (`text`, `subject`, `channel`, `business`, `segment`). */
  when: string;
  kind: ContactKind;
  category: string;
  priority: Priority;
}

/** Reply and resolution deadlines, as business durations in ms on the named calendar. */
export interface SlaPolicy {
  /** Reply deadline per channel (e-mail and SMS: 24 hours). */
  replyByChannel: Record<string, number>;
  /** Resolution deadline per priority, optionally refined per category (`category/priority`). */
  resolution: Record<string, number>;
  /** Fraction of a deadline at which the warning fires (0 < f < 1). */
  warnFraction: number;
  /** The calendar used for priorities not listed in `calendarByPriority`. */
  calendar: BusinessCalendar;
  /** E.g. `urgent` on the 24-hour duty line. */
  calendarByPriority?: Partial<Record<Priority, BusinessCalendar>>;
}

export interface ComplaintPolicy {
  rules: ClassificationRule[];
  fallback: { kind: ContactKind; category: string; priority: Priority };
  /** Category → department that owns it; `*` is the fallback. */
  departments: Record<string, string>;
  sla: SlaPolicy;
  /** How long after closure the customer may reopen (ISO 8601 duration). */
  reopenWindow: string;
  /** How long to wait for a survey answer (ISO 8601 duration). */
  surveyTimeout: string;
  /** Survey scores below this (1–5) count as dissatisfied. */
  satisfiedFrom: number;
}

/** What a clock should measure; the clock workflow turns it into due instants. */
export interface ClockSpec {
  name: 'reply' | 'resolution';
  durationMs: number;
  warnFraction: number;
}

/** A clock's live state: business time consumed before `runningSince`, and the computed instants. */
export interface ClockState extends ClockSpec {
  startedAt: number;
  /** Set while running; absent while paused or stopped. */
  runningSince?: number;
  consumedMs: number;
  pausedAt?: number;
  /** Total business time spent paused. */
  pausedBusinessMs: number;
  dueAt: number;
  warnAt: number;
  warnedAt?: number;
  breachedAt?: number;
  stoppedAt?: number;
  state: SlaState;
}
