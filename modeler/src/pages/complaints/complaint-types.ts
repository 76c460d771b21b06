/** The complaint shapes the screens read from `/complaints` (see api/complaints). */
export const STATUSES = ['received', 'classified', 'assigned', 'waiting-customer', 'replied', 'surveyed', 'closed', 'reopened'] as const;
export const SLA_STATES = ['running', 'paused', 'warning', 'breached', 'met', 'met-late'] as const;
export const CHANNELS = ['voice', 'sms', 'email', 'web', 'app'] as const;
export const KINDS = ['consultation', 'suggestion', 'opinion', 'complaint'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export interface ComplaintSummary {
  id: string;
  customerId: string;
  channel: string;
  replyChannel: string;
  replyTo: string;
  status: string;
  slaState: string;
  kind?: string;
  category?: string;
  priority?: string;
  department?: string;
  owner?: string;
  round: number;
  receivedAt: string;
  closedAt?: string;
}

export interface ClockView {
  round: number;
  name: 'reply' | 'resolution';
  calendarId?: string;
  state: string;
  durationMs: number;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  consumedMs: number;
  pausedBusinessMs: number;
  pausedAt?: string;
  stoppedAt?: string;
  remainingBusinessMs?: number;
}

export interface ComplaintDetail extends ComplaintSummary {
  subject?: string;
  text: string;
  business?: string;
  clocks: ClockView[];
  escalations: { at: string; round: number; clock: string; kind: string; dueAt: string; recipients: string[] }[];
  replies: { at: string; channel: string; to: string; body: string; by?: string }[];
  satisfaction?: { score: number; satisfied: boolean; comment?: string; at: string };
  timeline: { at: string; kind: string; detail?: string; actor?: string }[];
  reopenUntil?: string;
  /** What the classification rules decided (rule index, -1 for the fallback). */
  ruleResult?: Classification & { rule?: number };
  /** Agents' overrides of the classification, oldest first. */
  overrides?: { at: string; by: string; round: number; from: Classification; to: Classification }[];
}

export interface Classification {
  kind: string;
  category: string;
  priority: string;
}

import type { MonthlyReport as StoredMonthlyReport } from '../../../../store/complaint-report';

// The report's shape is the store's (plain JSON: no dates inside a department's figures).
export type { DepartmentSummary } from '../../../../store/complaint-report';

/** A monthly report as the API sends it: the store's report, with when the Schedule stored it. */
export interface MonthlyReport extends StoredMonthlyReport {
  storedAt?: string;
}
