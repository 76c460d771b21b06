/** Runtime shapes of the interpreter: tokens, scope instances, behaviour outcomes and thrown BPMN errors. */
import type { CancellationScope } from '@temporalio/workflow';
import type { ElementDef } from '../../core/bpmn/graph';
import type { Engine } from './engine';

/** A BPMN error or escalation travelling up the scopes until an event catches it. */
export class BpmnThrow extends Error {
  constructor(
    readonly kind: 'error' | 'escalation',
    readonly code: string | undefined,
    readonly sourceElementId: string,
  ) {
    super(`${kind}${code ? ` '${code}'` : ''} thrown at ${sourceElementId}`);
    this.name = 'BpmnThrow';
  }
}

/** Thrown by a behaviour to raise an incident of a given kind (the token then waits for an operator). */
export class IncidentError extends Error {
  constructor(
    readonly kind: 'service-task-failed' | 'expression-failed' | 'no-flow-taken' | 'unsupported' | 'other',
    message: string,
    readonly expression?: string,
  ) {
    super(message);
    this.name = 'IncidentError';
  }
}

/** An operator's or a boundary event's request to take a token away from what it is doing. */
export type TokenControl =
  | { kind: 'skip'; actor: string; reason: string; output?: Record<string, unknown> }
  | { kind: 'move'; actor: string; reason: string; elementId: string }
  | { kind: 'boundary'; elementId: string; output?: Record<string, unknown> };

export interface Token {
  id: string;
  elementId: string;
  scopeInstanceId: string;
  /** The flow the token arrived by (joins need it). */
  viaFlow?: string;
  state: 'ready' | 'waiting' | 'incident';
  waitingFor?: string;
  dueAt?: string;
  taskId?: string;
  exec?: CancellationScope;
  control?: TokenControl;
  /** Set by a join that merged this token into another one. */
  consumed?: boolean;
  /** Set by an event-based gateway: the catch event already happened, with this payload. */
  preTriggered?: { elementId: string; output?: Record<string, unknown> };
  /** Event subprocess tokens: the start event that fired. */
  startAt?: string;
  /** Set by a subprocess that completed: what inside it can be compensated. */
  innerCompensations?: CompensationEntry[];
}

/**
 * A completed activity that can be compensated: its compensation handler (from its compensation boundary
 * event), and for a completed subprocess the compensable activities that completed inside it.
 */
export interface CompensationEntry {
  elementId: string;
  handlerId?: string;
  /** Most recently completed first. */
  inner?: CompensationEntry[];
}

export interface ScopeInstance {
  id: string;
  /** Scope id in the graph (process id, subprocess id). */
  scopeId: string;
  parentId?: string;
  /** The token (in the parent scope instance) that opened this scope, for subprocesses. */
  parentTokenId?: string;
  /** Holds everything of the scope instance: event-subprocess listeners and `cs`. */
  outer: CancellationScope;
  /** Holds the tokens; replaced when an interrupting event subprocess cancels them. */
  cs: CancellationScope;
  /** An interrupting event subprocess has started: no further event subprocess may start. */
  interrupted?: boolean;
  live: number;
  /** Variables local to this scope instance (an embedded subprocess with tp input/output mappings). */
  locals?: Record<string, unknown>;
  /** Completed compensable activities of this scope instance, most recent first. */
  compensations?: CompensationEntry[];
  thrown?: BpmnThrow;
  terminated?: boolean;
}

export type Outcome =
  | { kind: 'leave'; flows?: string[]; output?: Record<string, unknown> }
  | { kind: 'jump'; elementId: string; output?: Record<string, unknown> }
  | { kind: 'end'; output?: Record<string, unknown> }
  | { kind: 'consumed' }
  | { kind: 'terminate' }
  | { kind: 'throw'; error: BpmnThrow };

export interface BehaviourContext {
  engine: Engine;
  token: Token;
  element: ElementDef;
  /** Variables visible to this execution (case variables plus multi-instance locals). */
  vars: Record<string, unknown>;
  /** Multi-instance / loop iteration (1-based), when inside one. */
  instance?: number;
}

/** What one BPMN element type does while a token is at it. */
export interface Behaviour {
  execute(ctx: BehaviourContext): Promise<Outcome>;
}
