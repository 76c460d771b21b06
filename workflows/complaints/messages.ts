/** Contract of the SLA clock workflow: input, signals and query. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BusinessCalendar } from '../../core/calendar';
import type { ClockSpec, ClockState } from '../../core/complaints/types';

export const SLA_CLOCK_WORKFLOW = 'complaintSlaClock';
/** The monthly summary workflow (run by the monthly Schedule). */
export const MONTHLY_SUMMARY_WORKFLOW = 'complaintMonthlySummary';

/** The clock workflow id of a complaint's round (0 = first handling, n = n-th reopening). */
export const slaWorkflowId = (complaintId: string, round: number): string => `sla-${complaintId}-${round}`;

export interface SlaClockInput {
  complaintId: string;
  round: number;
  calendar: BusinessCalendar;
  clocks: ClockSpec[];
  /** Epoch ms the clocks count from (the complaint's receipt, or the reopening). */
  startedAt: number;
  /** Who hears of a breach: the department's supervisor and head. */
  escalateTo: string[];
  /** Who hears of a warning: the owner, when known, else the supervisor. */
  warn: string[];
  /**
   * Task queue for the clock's activities (escalations and clock writes), served by workers with
   * slots of their own so that a wave of breaches cannot take the slots complaint handling needs.
   * Absent: the clock workflow's own queue (clocks started before this field existed).
   */
  activityTaskQueue?: string;
}

export interface SlaPauseInput {
  reason: string;
}

export interface SlaStopInput {
  /** Which clock to stop; `all` ends the workflow. */
  clock: 'reply' | 'resolution' | 'all';
}

/** The agent changed the classification: the resolution clock gets a new length (and the clocks a new calendar). */
export interface SlaRespecInput {
  clock: 'reply' | 'resolution';
  durationMs: number;
  calendar: BusinessCalendar;
}

export interface SlaView {
  complaintId: string;
  round: number;
  clocks: ClockState[];
}

export const slaPauseSignal = defineSignal<[SlaPauseInput]>('slaPause');
export const slaResumeSignal = defineSignal<[Record<string, never>]>('slaResume');
export const slaStopSignal = defineSignal<[SlaStopInput]>('slaStop');
/** Routes warnings to the new owner once the complaint is assigned. */
export const slaOwnerSignal = defineSignal<[{ owner: string }]>('slaOwner');
/** Re-evaluates a deadline after the agent's classification override (see sla-respec.ts). */
export const slaRespecSignal = defineSignal<[SlaRespecInput]>('slaRespec');
export const slaStateQuery = defineQuery<SlaView>('slaState');
