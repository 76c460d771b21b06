/**
 * The public contract of plan execution: the plan workflow (runPlan) and the per-customer contact
 * workflow (contactCustomer), their inputs, queries, signals and updates.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CompiledProcess } from '../../core/bpmn/graph';
import type { ContactStrategy } from '../../core/strategy';

export const PLAN_WORKFLOW = 'runPlan';
export const CONTACT_WORKFLOW = 'contactCustomer';

/**
 * A plan's priority (0–100, higher first) as Temporal's task priority key (1 first … 5 last): the
 * plan workflow is started with it and its contact workflows and attempts inherit it, so when
 * several plans wait for the same workers (the channel's capacity), the higher plan's tasks are
 * dispatched first. 0–24 → 5, 25–49 → 4, 50–74 → 3 (Temporal's default, that of reactive work such
 * as complaint cases), 75–99 → 2, 100 → 1: an ordinary campaign yields to reactive service.
 */
export function planPriorityKey(priority: number): number {
  return Math.max(1, Math.min(5, 5 - Math.floor(priority / 25)));
}

/** Workflow id of a plan's execution. */
export const planWorkflowId = (planId: string): string => `plan:${planId}`;
/**
 * The run id of one occurrence of a recurring plan, from the id Temporal gives a scheduled
 * workflow (`plan:<code>-<scheduled time, RFC 3339>`): `<code>@<scheduled time>`.
 */
export function occurrenceRunId(planId: string, workflowId: string): string {
  const prefix = `${planWorkflowId(planId)}-`;
  return `${planId}@${workflowId.startsWith(prefix) ? workflowId.slice(prefix.length) : workflowId}`;
}

/** Workflow id of one customer's contact in a plan (the business key plan + customer). */
export const contactWorkflowId = (planId: string, customerId: string): string => `plan:${planId}:contact:${customerId}`;

/** The flow run for each reached customer through the engine (runProcess). */
export interface PlanServiceFlow {
  definitionId: string;
  version: number;
  graph: CompiledProcess;
}

export interface PlanCounts {
  /** Customers in the plan. */
  targets: number;
  /** Customers whose contact has ended, in any way. */
  done: number;
  reached: number;
  /** Attempts used up without reaching the customer. */
  unreachable: number;
  /** Ended by a failure on our side. */
  failed: number;
  /** Not served before the plan's end time. */
  expired: number;
  /** Stopped by cancellation or an operator. */
  cancelled: number;
  /** Not contacted because an extra condition of the plan ruled the customer out (reasons in the progress). */
  skipped: number;
  inProgress: number;
}

/** Channels a customer can consent to (the customer record's `consent` flags). */
export type ConsentFlag = 'sms' | 'email' | 'voice' | 'marketing';

/**
 * Extra conditions a target must meet, checked when its page is loaded, before any contact; a
 * target that fails one is skipped with the first failing reason. All given conditions must hold.
 */
export interface TargetConditions {
  /** The customer record must carry every one of these consent flags. */
  consent?: ConsentFlag[];
  /** The customer's segment must be one of these. */
  segments?: string[];
  /** No attempt of any plan reached the customer's ledger in the last N days. */
  notContactedWithinDays?: number;
  /** A FEEL condition over `customer` (the record: segment, consent, preferredLanguage) and `data` (the target's columns). */
  expression?: string;
}

/** Reasons a target is skipped (the key in `skipReasons`). */
export type SkipReason = 'no-customer-record' | `no-consent:${ConsentFlag}` | 'segment' | 'recently-contacted' | 'expression' | 'expression-error';

/** What a continued run takes over from the previous one. */
export interface PlanCarry {
  /** How many targets were skipped, per reason (absent in runs recorded before extra conditions). */
  skipReasons?: Record<string, number>;
  /** Order of the last target taken from the store. */
  cursor: number;
  exhausted: boolean;
  /** Loaded targets not started yet. */
  buffer: { customerId: string; order: number; data?: Record<string, string> }[];
  /** Customers whose contact workflow runs. */
  inFlight: string[];
  counts: PlanCounts;
  paused: boolean;
  started: number;
  runs: number;
}

export interface PlanInput {
  planId: string;
  strategy: ContactStrategy;
  /** Epoch ms; the plan waits until then before the first contact. */
  startAt?: number;
  /** Epoch ms; no attempt starts at or after it. */
  endAt?: number;
  /** Most contact workflows running at once (the channel concurrency limit). */
  concurrency: number;
  /** Targets loaded per activity call (default 200). */
  pageSize?: number;
  /** Contacts started per run before continuing as new (default 300). */
  contactsPerRun?: number;
  service?: PlanServiceFlow;
  /** Task queue of the contact workflows (default: the plan's). */
  contactTaskQueue?: string;
  /** Checked per target before contacting; failing targets are skipped with a reason. */
  conditions?: TargetConditions;
  /**
   * Started by the plan's Temporal Schedule: this execution is one occurrence. Its run id is
   * `${planId}@${scheduled time}` (from the scheduled workflow id), under which it stores the
   * targets selected now (a query re-evaluated, a list copied), keys its contacts and ledger.
   */
  occurrence?: boolean;
  /** Temporal priority key of the contact workflows (see planPriorityKey); default: inherited from the plan workflow. */
  priorityKey?: number;
  /** Contacts attempt through a local activity (channels that answer within seconds; see activity-options). */
  localAttempts?: boolean;
  /** Run the minimal benchmark child instead of contactCustomer (bench only). */
  contactWorkflowType?: string;
  carry?: PlanCarry;
}

export type PlanRunStatus = 'waiting' | 'running' | 'paused' | 'cancelling' | 'cancelled' | 'finished';

export interface PlanProgress extends PlanCounts {
  planId: string;
  /** Skipped targets per reason. */
  skipReasons: Record<string, number>;
  status: PlanRunStatus;
  /** Runs so far, counting continue-as-new. */
  runs: number;
  started: number;
}

export interface PlanResult extends PlanCounts {
  planId: string;
  status: 'finished' | 'cancelled';
  runs: number;
}

export interface ActorInput {
  actor: string;
  reason?: string;
}

/** An operator's action on one customer's contact. */
export interface InterveneInput extends ActorInput {
  customerId: string;
  /** `attempt-now`: next attempt at once, ignoring windows and spacing; `stop`: end the contact as cancelled. */
  action: 'attempt-now' | 'stop';
}

export const planProgressQuery = defineQuery<PlanProgress>('progress');
export const pausePlanUpdate = defineUpdate<PlanProgress, [ActorInput]>('pause');
export const resumePlanUpdate = defineUpdate<PlanProgress, [ActorInput]>('resume');
export const cancelPlanUpdate = defineUpdate<PlanProgress, [ActorInput]>('cancel');
export const intervenePlanUpdate = defineUpdate<{ ok: true }, [InterveneInput]>('intervene');

export type ContactEnd = 'reached' | 'unreachable' | 'failed' | 'expired' | 'cancelled';

/** Sent by a contact workflow to its plan when it ends. */
export interface ContactDone {
  customerId: string;
  end: ContactEnd;
  attempts: number;
}
export const contactDoneSignal = defineSignal<[ContactDone]>('contactDone');

export interface ContactInput {
  planId: string;
  customerId: string;
  strategy: ContactStrategy;
  endAt?: number;
  /** Where to report the end (the plan's workflow id; its current run receives it). */
  planWorkflowId?: string;
  data?: Record<string, string>;
  service?: PlanServiceFlow;
  /** Attempt through a local activity instead of an activity task. */
  localAttempt?: boolean;
  /** Start paused (the plan was paused while the contact started). */
  paused?: boolean;
}

export interface ContactState {
  customerId: string;
  attempts: number;
  paused: boolean;
  /** Epoch ms of the next attempt when waiting for one. */
  nextAttemptAt?: number;
  lastOutcome?: string;
}

export interface ContactResult {
  customerId: string;
  end: ContactEnd;
  attempts: number;
  caseId?: string;
}

/** Plan → contact: pause or resume attempts. */
export const contactPauseSignal = defineSignal<[{ paused: boolean }]>('contactPause');
/** Plan → contact: stop (plan cancelled or operator). */
export const contactStopSignal = defineSignal<[ActorInput]>('contactStop');
/** Operator → contact: attempt now. */
export const contactAttemptNowSignal = defineSignal<[ActorInput]>('contactAttemptNow');
export const contactStateQuery = defineQuery<ContactState>('contactState');
