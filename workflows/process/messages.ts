/**
 * The public contract of the BPMN interpreter workflow: its input, queries, signals and updates.
 * The API and tests import these constants; the workflow registers handlers for each of them
 * before its first `await`.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CompiledProcess } from '../../core/bpmn/graph';
import type { BusinessCalendar } from '../../core/calendar/types';

/** Workflow type name registered by the worker. */
export const PROCESS_WORKFLOW = 'runProcess';

export interface ProcessInput {
  /** Business key of the case; also the workflow id. Empty: the workflow id is taken (schedule-started cases). */
  caseId: string;
  /** Deployed definition id and version, for the trail and for audit. */
  definitionId: string;
  version: number;
  /** The compiled graph travels with the case so that history alone replays and audits it. */
  graph: CompiledProcess;
  /** Other processes of the same deployment, by process id, for call activities. */
  calledGraphs?: Record<string, CompiledProcess>;
  variables?: Record<string, unknown>;
  /**
   * Business calendars by name, for timers and due dates carrying `tp:calendar`. A name missing here is looked
   * up in the process variable `calendars` (an object of calendars by name).
   */
  calendars?: Record<string, BusinessCalendar>;
  /** Which start event fired (message/signal/timer starts); the none start event otherwise. */
  startEventId?: string;
  touchpoint?: string;
  customerId?: string;
  /** Who started the case. */
  actor?: string;
  /**
   * When trace events and the case record are written: at wait states in one local activity (default), or
   * `per-task`, after every workflow task that produced any (lower trace lag, about twice the history).
   */
  traceFlush?: 'at-wait' | 'per-task';
}

export type CaseStatus = 'running' | 'completed' | 'terminated' | 'cancelled' | 'failed';

export interface TokenView {
  id: string;
  elementId: string;
  /** The scope instance the token lives in. */
  scopeInstanceId: string;
  state: 'ready' | 'waiting' | 'incident';
  /** What the token waits for, when waiting: 'task', 'timer', 'message', 'signal', 'join', 'event-gateway', 'child'. */
  waitingFor?: string;
  /** For timers: the instant the timer fires (ISO 8601). */
  dueAt?: string;
  /** For user tasks: the task id. */
  taskId?: string;
}

export interface IncidentView {
  id: string;
  elementId: string;
  tokenId: string;
  kind: 'service-task-failed' | 'expression-failed' | 'no-flow-taken' | 'unsupported' | 'other';
  message: string;
  /** The expression at fault, for expression incidents. */
  expression?: string;
  createdAt: string;
}

export interface TrailEntry {
  seq: number;
  elementId: string;
  elementType: string;
  elementName?: string;
  /** `compensate`: a completed activity was compensated (its handler ran). */
  lifecycle: 'start' | 'complete' | 'cancel' | 'skip' | 'move' | 'incident' | 'compensate';
  at: string;
  actor?: string;
  reason?: string;
}

export interface CaseState {
  caseId: string;
  status: CaseStatus;
  tokens: TokenView[];
  variables: Record<string, unknown>;
  incidents: IncidentView[];
  openTasks: string[];
  trail: TrailEntry[];
  /** Claimed open tasks: task id → user id of the claimer. */
  claims?: Record<string, string>;
  /** When the case ended by an uncaught error or escalation end event. */
  outcome?: { kind: 'error' | 'escalation'; code?: string };
}

export interface CompleteTaskInput {
  taskId: string;
  /** User id of the caller; the validator checks the caller may complete the task. */
  actor: string;
  /** Groups of the caller (for candidate-group tasks). */
  actorGroups?: string[];
  data: Record<string, unknown>;
}

export interface ClaimTaskInput {
  taskId: string;
  /** User id of the claimer; must be the task's assignee or in one of its candidate groups. */
  actor: string;
  actorGroups?: string[];
}

export interface UnclaimTaskInput {
  taskId: string;
  actor: string;
  /** Set by a caller that has checked the actor is a supervisor: releases someone else's claim. */
  override?: boolean;
}

export interface MessageInput {
  /** Message name as in the model (`bpmn:Message/@name`). */
  name: string;
  correlationKey?: string;
  variables?: Record<string, unknown>;
}

export interface SignalInput {
  name: string;
  variables?: Record<string, unknown>;
}

export interface OperatorInput {
  actor: string;
  /** Mandatory reason, recorded on the trail. */
  reason: string;
}

export interface RetryIncidentInput extends OperatorInput {
  incidentId: string;
}

export interface SkipInput extends OperatorInput {
  /** The token (or the element the token waits at) to skip; the element completes with `output`. */
  tokenId?: string;
  elementId?: string;
  output?: Record<string, unknown>;
}

export interface MoveTokenInput extends OperatorInput {
  tokenId: string;
  targetElementId: string;
}

export const stateQuery = defineQuery<CaseState>('state');
export const completeTaskUpdate = defineUpdate<{ ok: true }, [CompleteTaskInput]>('completeTask');
export const claimTaskUpdate = defineUpdate<{ ok: true; claimedBy: string }, [ClaimTaskInput]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<{ ok: true }, [UnclaimTaskInput]>('unclaimTask');
export const messageSignal = defineSignal<[MessageInput]>('message');
export const bpmnSignal = defineSignal<[SignalInput]>('bpmnSignal');
export const cancelUpdate = defineUpdate<{ ok: true }, [OperatorInput]>('cancel');
export const retryIncidentUpdate = defineUpdate<{ ok: true }, [RetryIncidentInput]>('retryIncident');
export const skipUpdate = defineUpdate<{ ok: true }, [SkipInput]>('skip');
export const moveTokenUpdate = defineUpdate<{ ok: true }, [MoveTokenInput]>('moveToken');
