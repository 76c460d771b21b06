/**
 * The public contract of plan execution: the plan workflow (runPlan) and the per-customer contact
 * workflow (contactCustomer), their inputs, queries, signals and updates.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CompiledProcess } from '../../core/bpmn/graph';
import type { ContactStrategy } from '../../core/strategy';

export const PLAN_WORKFLOW = 'runPlan';
export const CONTACT_WORKFLOW = 'contactCustomer';

/** Workflow id of a plan's execution. */
export const planWorkflowId = (planId: string): string => `plan:${planId}`;
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
  inProgress: number;
}

/** What a continued run takes over from the previous one. */
export interface PlanCarry {
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
  /** Run the minimal benchmark child instead of contactCustomer (bench only). */
  contactWorkflowType?: string;
  carry?: PlanCarry;
}

export type PlanRunStatus = 'waiting' | 'running' | 'paused' | 'cancelling' | 'cancelled' | 'finished';

export interface PlanProgress extends PlanCounts {
  planId: string;
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
