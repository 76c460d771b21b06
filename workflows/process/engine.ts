/**
 * The interpreter's state and the token lifecycle (enter → execute → leave, trail and trace) in
 * one place. Element behaviours live in behaviours/ and are looked up by BPMN type.
 */
import { ActivityFailure, ApplicationFailure, CancellationScope, condition, isCancellation, patched, proxyActivities } from '@temporalio/workflow';
import type { CompiledProcess, ElementDef, EventDefinition } from '../../core/bpmn/graph';
import { durationToMs, evaluateCondition, evaluateExpression, ExpressionError, valueToText } from '../../core/expression/feel';
import type { EngineActivities } from '../../activities/engine';
import type { CaseSnapshotInput, TraceEventInput } from '../../activities/engine/types';
import { serviceTaskDefault, storeWrite } from './activity-options';
import { behaviours } from './behaviours/registry';
import { runMultiInstance, runStandardLoop } from './loops';
import { startBoundaryListeners, startEventSubprocessListeners } from './boundaries';
import { recordCompletion } from './compensation';
import { BATCHED_FLUSH_PATCH, CONSOLIDATED_PATCH, OUTPUT_BEFORE_FLOWS_PATCH } from './patches';
import type { CaseState, CaseStatus, IncidentView, ProcessInput, TrailEntry } from './messages';
import { BpmnThrow, IncidentError, type BehaviourContext, type Outcome, type ScopeInstance, type Token } from './types';

export interface OpenTask {
  taskId: string;
  tokenId: string;
  elementId: string;
  assignee?: string;
  candidateGroups: string[];
  requiredFields: string[];
  /** The user who claimed the task (through claimTask); only they may complete it then. */
  claimedBy?: string;
  completion?: { actor: string; data: Record<string, unknown> };
}

type Resolution = { kind: 'retry' } | { kind: 'skip'; actor: string; reason: string; output?: Record<string, unknown> } | { kind: 'move'; actor: string; reason: string; elementId: string };

interface LiveIncident extends IncidentView {
  resolution?: Resolution;
}

const store = proxyActivities<EngineActivities>(storeWrite);

/** Trace events buffered beyond this are flushed even while service tasks run (bounds memory and lag). */
const FLUSH_AT = 200;

export class Engine {
  readonly graph: CompiledProcess;
  vars: Record<string, unknown>;
  readonly tokens = new Map<string, Token>();
  readonly scopes = new Map<string, ScopeInstance>();
  readonly tasks = new Map<string, OpenTask>();
  /** How often each user task (by its first-visit id) has been reached: later visits get ids of their own. */
  readonly taskVisits = new Map<string, number>();
  readonly incidents: LiveIncident[] = [];
  readonly trail: TrailEntry[] = [];
  readonly messages: { name: string; correlationKey?: string; variables?: Record<string, unknown> }[] = [];
  readonly signals: { name: string; variables?: Record<string, unknown> }[] = [];
  /** Arrived tokens per join (`scopeInstance:gateway`). */
  readonly joins = new Map<string, Token[]>();
  status: CaseStatus = 'running';
  outcome?: CaseState['outcome'];
  fatal?: unknown;
  cancelled = false;
  cancelledBy?: { actor: string; reason: string };
  root?: ScopeInstance;
  private seq = 0;
  private counter = 0;
  private traceBuffer: TraceEventInput[] = [];
  private recordDirty = true;
  private flushing = false;
  private stopFlush = false;
  private readonly reach = new Map<string, Set<string>>();
  private readonly serviceProxies = new Map<string, EngineActivities>();
  readonly startedAt = new Date().toISOString();
  /**
   * The case started under CONSOLIDATED_PATCH: every patched path applies without a marker per id. Asked once,
   * at the start: a replay of an older history finds no marker there and keeps asking per id (usesPatch) even
   * after it goes live again, so its commands stay those of its history.
   */
  readonly consolidated: boolean;

  constructor(readonly input: ProcessInput) {
    this.graph = input.graph;
    this.vars = { ...(input.variables ?? {}) };
    this.consolidated = patched(CONSOLIDATED_PATCH);
  }

  /** Whether the patched path of `patchId` applies (see patches.ts): always under the consolidated patch, else Temporal's `patched`. */
  usesPatch(patchId: string): boolean {
    return this.consolidated || patched(patchId);
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  element(id: string): ElementDef {
    const el = this.graph.elements[id];
    if (!el) throw new IncidentError('other', `element '${id}' is not in the graph`);
    return el;
  }

  // ---- trail and trace -------------------------------------------------------------------------

  trace(t: Token | undefined, el: ElementDef, lifecycle: TrailEntry['lifecycle'], extra: { actor?: string; reason?: string } = {}): void {
    this.seq += 1;
    const at = new Date().toISOString();
    const entry: TrailEntry = { seq: this.seq, elementId: el.id, elementType: el.type, elementName: el.name, lifecycle, at, ...extra };
    this.trail.push(entry);
    this.traceBuffer.push({
      caseId: this.input.caseId,
      seq: this.seq,
      processId: this.graph.processId,
      definitionId: this.input.definitionId,
      version: this.input.version,
      xmlHash: this.graph.xmlHash,
      elementId: el.id,
      elementType: el.type,
      elementName: el.name,
      tokenId: t?.id,
      lifecycle,
      at,
      actor: extra.actor ?? (lifecycle === 'start' || lifecycle === 'complete' ? undefined : undefined),
      reason: extra.reason,
    });
  }

  markDirty(): void {
    this.recordDirty = true;
  }

  /**
   * A wait state: every token waits for something from outside (a timer, message, task, child case) or an
   * operator (incident); a token executing (a service task, a gateway) or merging at a join does not.
   */
  private atWaitState(): boolean {
    // No token at all: the case is starting or ending (the end flushes through stopFlushing).
    if (this.tokens.size === 0) return false;
    for (const t of this.tokens.values()) {
      if (t.state === 'ready' || t.waitingFor === 'join') return false;
      // A timer already due (PT0S, a date in the past) fires in the next workflow task: nothing to wait for.
      if (this.consolidated && t.waitingFor === 'timer' && t.dueAt !== undefined && Date.parse(t.dueAt) <= Date.now()) return false;
    }
    return true;
  }

  /**
   * Writes buffered trace events and the read model. New cases flush in one activity whenever the case
   * reaches a wait state (see atWaitState: timers, messages, user tasks, incidents, child cases) or ends, or
   * when the buffer is large; nothing is lost, since the buffer lives in workflow state until written.
   * `traceFlush: 'per-task'` and histories from before the patch keep the old loop: two activities after
   * every workflow task that produced trace events. Not a local activity: under heavy load (workflow tasks
   * timing out) local flushes were lost ("untracked local activity") and their cases hung heartbeating.
   */
  async flushLoop(): Promise<void> {
    if (this.input.traceFlush !== 'per-task' && this.usesPatch(BATCHED_FLUSH_PATCH)) return this.flushAtWaitStates();
    for (;;) {
      await condition(() => this.traceBuffer.length > 0 || this.recordDirty || this.stopFlush);
      if (this.traceBuffer.length === 0 && !this.recordDirty && this.stopFlush) return;
      this.flushing = true;
      const batch = this.traceBuffer.splice(0);
      // The snapshot rides along with the trace batch (same activity, so no new command and old
      // histories replay unchanged); it keeps the case read model current for GET /cases/:id.
      if (batch.length > 0) await store.recordTrace(batch, this.snapshot());
      if (this.recordDirty) {
        this.recordDirty = false;
        await store.upsertCaseRecord(this.caseRecord());
      }
      this.flushing = false;
    }
  }

  private async flushAtWaitStates(): Promise<void> {
    for (;;) {
      await condition(
        () => this.stopFlush || ((this.traceBuffer.length > 0 || this.recordDirty) && (this.traceBuffer.length >= FLUSH_AT || this.atWaitState())),
      );
      if (this.traceBuffer.length === 0 && !this.recordDirty && this.stopFlush) return;
      this.flushing = true;
      const events = this.traceBuffer.splice(0);
      const record = this.recordDirty ? this.caseRecord() : undefined;
      this.recordDirty = false;
      await store.flushCase({ events, snapshot: record ? undefined : this.snapshot(), record });
      this.flushing = false;
    }
  }

  stopFlushing(): void {
    this.stopFlush = true;
    this.recordDirty = true;
  }

  private caseRecord(): Parameters<EngineActivities['upsertCaseRecord']>[0] {
    const now = new Date().toISOString();
    return {
      caseId: this.input.caseId,
      definitionId: this.input.definitionId,
      version: this.input.version,
      processId: this.graph.processId,
      status: this.status,
      customerId: this.input.customerId,
      touchpoint: this.input.touchpoint,
      startedAt: this.startedAt,
      endedAt: this.status === 'running' ? undefined : now,
      openTasks: this.tasks.size,
      incidents: this.incidents.length,
      updatedAt: now,
      snapshot: this.snapshot(),
    };
  }

  /** The case's position for the read model: {@link state} without the trail (trace events hold it). */
  private snapshot(): CaseSnapshotInput {
    const { caseId: _id, trail: _trail, ...rest } = this.state();
    return { ...rest, at: new Date().toISOString() };
  }

  // ---- scopes and tokens -----------------------------------------------------------------------

  /** Opens a scope instance whose tokens are cancelled with the current cancellation scope. */
  openScope(scopeId: string, parentId?: string, parentTokenId?: string): ScopeInstance {
    const outer = new CancellationScope();
    const si: ScopeInstance = { id: this.nextId('s'), scopeId, parentId, parentTokenId, outer, cs: new CancellationScope({ cancellable: true, parent: outer }), live: 0 };
    this.scopes.set(si.id, si);
    return si;
  }

  /** Ends a scope instance: its event-subprocess listeners stop. */
  closeScope(si: ScopeInstance): void {
    si.outer.cancel();
    this.scopes.delete(si.id);
  }

  /** Starts a token at an element in a scope instance; it runs as its own coroutine. */
  spawn(elementId: string, si: ScopeInstance, viaFlow?: string, init: Pick<Token, 'startAt'> = {}): Token {
    const t: Token = { id: this.nextId('t'), elementId, scopeInstanceId: si.id, viaFlow, state: 'ready', ...init };
    this.tokens.set(t.id, t);
    si.live += 1;
    void si.cs.run(() => this.runToken(t, si));
    return t;
  }

  /** Starts the none start events of a scope instance; throws when the scope has none. */
  startScope(si: ScopeInstance, startAt?: string): void {
    const scope = this.graph.scopes[si.scopeId];
    const starts = startAt ? [startAt] : (scope?.noneStartEvents ?? []);
    // An empty subprocess (a collapsed placeholder, as in MIWG A.3.0) has nothing to do: it completes at once.
    if (starts.length === 0 && scope?.kind === 'subProcess' && scope.children.length === 0) return;
    if (starts.length === 0) throw new IncidentError('unsupported', `scope '${si.scopeId}' has no none start event`);
    for (const s of starts) this.spawn(s, si);
    startEventSubprocessListeners(this, si);
  }

  /** Starts an event subprocess of `si`; an interrupting one first cancels the scope's tokens. */
  startEventSubprocess(si: ScopeInstance, subprocessId: string, startEventId: string, interrupting: boolean, output?: Record<string, unknown>): void {
    if (si.interrupted) return;
    if (output) this.mergeVars(output);
    if (interrupting) {
      si.interrupted = true;
      si.cs.cancel();
      si.cs = new CancellationScope({ cancellable: true, parent: si.outer });
    }
    this.spawn(subprocessId, si, undefined, { startAt: startEventId });
  }

  /** The event subprocess of `si`'s scope whose error/escalation start event catches `thrown`. */
  eventSubprocessFor(si: ScopeInstance, thrown: BpmnThrow): { sub: string; start: string; interrupting: boolean } | undefined {
    let fallback: { sub: string; start: string; interrupting: boolean } | undefined;
    for (const sub of this.graph.scopes[si.scopeId]?.eventSubProcesses ?? []) {
      for (const start of this.graph.scopes[sub]?.triggeredStartEvents ?? []) {
        const def = this.graph.elements[start]?.event;
        if (!def || def.kind !== thrown.kind) continue;
        const code = def.kind === 'error' ? def.errorCode : def.kind === 'escalation' ? def.escalationCode : undefined;
        const hit = { sub, start, interrupting: this.graph.elements[start]?.isInterrupting !== false };
        if (code === thrown.code && code) return hit;
        if (!code) fallback ??= hit;
      }
    }
    return fallback;
  }

  /**
   * Escalations do not end the thrower: the nearest catcher (an event subprocess of an enclosing
   * scope or an escalation boundary event on an enclosing subprocess) gets it; uncaught, nothing happens.
   */
  escalate(t: Token, thrown: BpmnThrow): void {
    let si = this.scopes.get(t.scopeInstanceId);
    while (si) {
      const hit = this.eventSubprocessFor(si, thrown);
      if (hit) {
        this.startEventSubprocess(si, hit.sub, hit.start, hit.interrupting);
        return;
      }
      const host = si.parentTokenId ? this.tokens.get(si.parentTokenId) : undefined;
      const parent = si.parentId ? this.scopes.get(si.parentId) : undefined;
      if (!host || !parent) return;
      const be = this.catchingBoundary(this.element(host.elementId), thrown);
      if (be) {
        if (this.element(be).cancelActivity !== false) {
          host.control ??= { kind: 'boundary', elementId: be };
          host.exec?.cancel();
        } else {
          this.spawn(be, parent);
        }
        return;
      }
      si = parent;
    }
  }

  private async runToken(t: Token, si: ScopeInstance): Promise<void> {
    try {
      for (;;) {
        const el = this.element(t.elementId);
        const out = await this.step(t, el);
        if (out.kind === 'leave') {
          const flows = out.flows ?? [];
          if (flows.length === 0) return;
          for (const f of flows.slice(1)) this.spawn(this.flowTarget(f), si, f);
          t.viaFlow = flows[0];
          t.elementId = this.flowTarget(flows[0] ?? '');
        } else if (out.kind === 'jump') {
          t.viaFlow = undefined;
          t.elementId = out.elementId;
        } else if (out.kind === 'terminate') {
          si.terminated = true;
          si.outer.cancel();
          return;
        } else if (out.kind === 'throw') {
          throw out.error;
        } else {
          return;
        }
      }
    } catch (err) {
      if (err instanceof BpmnThrow) {
        const hit = err.kind === 'error' ? this.eventSubprocessFor(si, err) : undefined;
        if (hit && !si.interrupted) {
          this.startEventSubprocess(si, hit.sub, hit.start, true);
        } else if (err.kind === 'escalation') {
          this.escalate(t, err);
        } else if (!si.thrown) {
          si.thrown = err;
          si.outer.cancel();
        }
      } else if (!isCancellation(err)) {
        this.fatal ??= err;
      }
    } finally {
      this.tokens.delete(t.id);
      si.live -= 1;
    }
  }

  /** Runs one element (a compensation handler) on a token of its own in `si`, to its end. */
  async runHandler(elementId: string, si: ScopeInstance): Promise<void> {
    const t: Token = { id: this.nextId('t'), elementId, scopeInstanceId: si.id, state: 'ready' };
    this.tokens.set(t.id, t);
    si.live += 1;
    try {
      await this.step(t, this.element(elementId));
    } finally {
      this.tokens.delete(t.id);
      si.live -= 1;
    }
  }

  flowTarget(flowId: string): string {
    const f = this.graph.flows[flowId];
    if (!f) throw new IncidentError('other', `sequence flow '${flowId}' is not in the graph`);
    return f.target;
  }

  // ---- the lifecycle ---------------------------------------------------------------------------

  private async step(t: Token, el: ElementDef): Promise<Outcome> {
    this.trace(t, el, 'start');
    for (;;) {
      const exec = new CancellationScope();
      t.exec = exec;
      t.state = 'ready';
      try {
        const out = await exec.run(() => this.executeWithBoundaries(t, el));
        if (out.kind === 'leave' && !out.flows) {
          // Conditions on an activity's outgoing flows see the activity's own output (before the patch they did not).
          const seen = out.output && this.usesPatch(OUTPUT_BEFORE_FLOWS_PATCH) ? { ...this.scopeVars(t.scopeInstanceId), ...out.output } : this.scopeVars(t.scopeInstanceId);
          out.flows = this.activityFlows(el, seen);
        }
        this.settle(t);
        t.control = undefined;
        if ((out.kind === 'leave' || out.kind === 'jump' || out.kind === 'end') && out.output) this.mergeVarsFrom(t.scopeInstanceId, out.output);
        this.trace(t, el, 'complete');
        if (out.kind === 'leave') recordCompletion(this, t, el);
        return out;
      } catch (err) {
        this.settle(t);
        const ctl = t.control;
        t.control = undefined;
        if (ctl?.kind === 'boundary') {
          this.trace(t, el, 'cancel');
          if (ctl.output) this.mergeVarsFrom(t.scopeInstanceId, ctl.output);
          return { kind: 'jump', elementId: ctl.elementId };
        }
        if (ctl) return this.resolve(t, el, ctl);
        if (isCancellation(err)) {
          this.trace(t, el, 'cancel');
          throw err;
        }
        const thrown = asBpmnThrow(err, el.id);
        if (thrown) {
          const catcher = this.catchingBoundary(el, thrown);
          if (catcher) {
            this.trace(t, el, 'cancel');
            return { kind: 'jump', elementId: catcher };
          }
          this.trace(t, el, 'cancel');
          throw thrown;
        }
        const res = await this.raiseIncident(t, el, err);
        if (res.kind === 'retry') continue;
        return this.resolve(t, el, res);
      }
    }
  }

  private settle(t: Token): void {
    t.exec = undefined;
    t.state = 'ready';
    t.waitingFor = undefined;
    t.dueAt = undefined;
    t.taskId = undefined;
  }

  private resolve(t: Token, el: ElementDef, r: Exclude<Resolution, { kind: 'retry' }>): Outcome {
    if (r.kind === 'skip') {
      this.trace(t, el, 'skip', { actor: r.actor, reason: r.reason });
      if (r.output) this.mergeVarsFrom(t.scopeInstanceId, r.output);
      return { kind: 'leave', flows: this.skipFlows(el) };
    }
    this.trace(t, el, 'move', { actor: r.actor, reason: r.reason });
    return { kind: 'jump', elementId: r.elementId };
  }

  private async executeWithBoundaries(t: Token, el: ElementDef): Promise<Outcome> {
    const listeners = startBoundaryListeners(this, t, el);
    try {
      return await this.executeBody(t, el);
    } finally {
      listeners?.cancel();
    }
  }

  private async executeBody(t: Token, el: ElementDef): Promise<Outcome> {
    const behaviour = behaviours[el.type];
    if (!behaviour) throw new IncidentError('unsupported', `element type ${el.type} (${el.id}) cannot be executed`);
    const ctx: BehaviourContext = { engine: this, token: t, element: el, vars: this.scopeVars(t.scopeInstanceId) };
    if (el.multiInstance) return runMultiInstance(ctx, behaviour);
    if (el.loop) return runStandardLoop(ctx, behaviour);
    return behaviour.execute(ctx);
  }

  mergeVars(output: Record<string, unknown>): void {
    this.vars = { ...this.vars, ...output };
  }

  /** Scope instances from `scopeInstanceId` outwards that hold local variables, innermost first. */
  private localScopes(scopeInstanceId: string | undefined): ScopeInstance[] {
    const out: ScopeInstance[] = [];
    for (let si = scopeInstanceId ? this.scopes.get(scopeInstanceId) : undefined; si; si = si.parentId ? this.scopes.get(si.parentId) : undefined) {
      if (si.locals) out.push(si);
    }
    return out;
  }

  /** The variables visible in a scope instance: the case's, overlaid by the locals of enclosing subprocesses. */
  scopeVars(scopeInstanceId: string | undefined): Record<string, unknown> {
    const locals = this.localScopes(scopeInstanceId);
    if (locals.length === 0) return this.vars;
    let vars = { ...this.vars };
    for (const si of locals.reverse()) vars = { ...vars, ...si.locals };
    return vars;
  }

  /** Writes variables as seen from a scope instance: each to the innermost scope that declares it, else to the case. */
  mergeVarsFrom(scopeInstanceId: string | undefined, output: Record<string, unknown>): void {
    const locals = this.localScopes(scopeInstanceId);
    if (locals.length === 0) return this.mergeVars(output);
    const global: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(output)) {
      const owner = locals.find((si) => Object.prototype.hasOwnProperty.call(si.locals, k));
      if (owner?.locals) owner.locals = { ...owner.locals, [k]: v };
      else global[k] = v;
    }
    this.mergeVars(global);
  }

  /** Outgoing flows of an activity or event: unconditional and true ones, else the default. */
  activityFlows(el: ElementDef, vars: Record<string, unknown> = this.vars): string[] {
    const taken: string[] = [];
    for (const id of el.outgoing) {
      if (id === el.defaultFlow) continue;
      const f = this.graph.flows[id];
      if (!f?.condition || this.condition(f.condition, vars)) taken.push(id);
    }
    if (taken.length === 0 && el.defaultFlow) return [el.defaultFlow];
    if (taken.length === 0 && el.outgoing.length > 0) throw new IncidentError('no-flow-taken', `no outgoing flow of ${el.id} can be taken`);
    return taken;
  }

  private skipFlows(el: ElementDef): string[] {
    if (el.type === 'bpmn:ParallelGateway') return [...el.outgoing];
    const plain = el.outgoing.filter((id) => !this.graph.flows[id]?.condition && id !== el.defaultFlow);
    if (plain.length > 0) return el.type.endsWith('Gateway') ? plain.slice(0, 1) : plain;
    if (el.defaultFlow) return [el.defaultFlow];
    return el.outgoing.slice(0, 1);
  }

  condition(expr: string, vars: Record<string, unknown> = this.vars): boolean {
    return evaluateCondition(expr, vars);
  }

  expression(expr: string, vars: Record<string, unknown> = this.vars): unknown {
    return evaluateExpression(expr, vars);
  }

  /** The boundary event of `el` that catches an error or escalation, if any. */
  catchingBoundary(el: ElementDef, thrown: BpmnThrow): string | undefined {
    let catchAll: string | undefined;
    for (const id of el.boundaryEvents ?? []) {
      const be = this.graph.elements[id];
      const def = be?.event;
      if (!def || def.kind !== thrown.kind) continue;
      const code = def.kind === 'error' ? def.errorCode : def.kind === 'escalation' ? def.escalationCode : undefined;
      if (code === undefined || code === '') catchAll ??= id;
      else if (code === thrown.code) return id;
    }
    return catchAll;
  }

  // ---- incidents -------------------------------------------------------------------------------

  private async raiseIncident(t: Token, el: ElementDef, err: unknown): Promise<Resolution> {
    const inc: LiveIncident = { id: this.nextId('inc'), elementId: el.id, tokenId: t.id, ...describeFailure(err), createdAt: new Date().toISOString() };
    this.incidents.push(inc);
    t.state = 'incident';
    this.trace(t, el, 'incident', { reason: inc.message });
    this.markDirty();
    try {
      await condition(() => inc.resolution !== undefined);
    } finally {
      this.incidents.splice(this.incidents.indexOf(inc), 1);
      this.markDirty();
      t.state = 'ready';
    }
    return inc.resolution as Resolution;
  }

  resolveIncident(id: string, r: Resolution): boolean {
    const inc = this.incidents.find((i) => i.id === id);
    if (!inc || inc.resolution) return false;
    inc.resolution = r;
    return true;
  }

  /** Skips or moves a token: resolves its incident, or interrupts what it waits for. */
  controlToken(t: Token, r: Exclude<Resolution, { kind: 'retry' }>): void {
    const inc = this.incidents.find((i) => i.tokenId === t.id && !i.resolution);
    if (inc) {
      inc.resolution = r;
      return;
    }
    t.control = r.kind === 'skip' ? { ...r } : { ...r };
    t.exec?.cancel();
  }

  // ---- service tasks ---------------------------------------------------------------------------

  serviceActivities(el: ElementDef): EngineActivities {
    let acts = this.serviceProxies.get(el.id);
    if (!acts) {
      const r = el.task?.retry;
      acts = proxyActivities<EngineActivities>(
        r
          ? {
              startToCloseTimeout: serviceTaskDefault.startToCloseTimeout,
              retry: {
                maximumAttempts: r.maximumAttempts,
                initialInterval: toMs(r.initialInterval),
                backoffCoefficient: r.backoffCoefficient,
                maximumInterval: r.maximumInterval ? toMs(r.maximumInterval) : undefined,
                nonRetryableErrorTypes: ['HandlerNotFound', 'BpmnError'],
              },
            }
          : { ...serviceTaskDefault, retry: { ...serviceTaskDefault.retry, nonRetryableErrorTypes: ['HandlerNotFound', 'BpmnError'] } },
      );
      this.serviceProxies.set(el.id, acts);
    }
    return acts;
  }

  get store(): EngineActivities {
    return store;
  }

  // ---- messages and signals --------------------------------------------------------------------

  /** Takes (consumes) the first buffered message with this name and correlation key. */
  takeMessage(name: string, key: string | undefined): { variables?: Record<string, unknown> } | undefined {
    const i = this.messages.findIndex((m) => m.name === name && (key === undefined || m.correlationKey === key));
    if (i < 0) return undefined;
    return this.messages.splice(i, 1)[0];
  }

  /** Takes the first buffered message with this name whatever its key (the message that started the case). */
  takeStartMessage(name: string): { correlationKey?: string; variables?: Record<string, unknown> } | undefined {
    const i = this.messages.findIndex((m) => m.name === name);
    return i < 0 ? undefined : this.messages.splice(i, 1)[0];
  }

  correlationKeyOf(def: Extract<EventDefinition, { kind: 'message' }>, vars: Record<string, unknown>): string | undefined {
    if (!def.correlationKey) return undefined;
    const v = this.expression(def.correlationKey, vars);
    return v === null || v === undefined ? undefined  : valueToText(v);
  }

  broadcastSignal(name: string, variables?: Record<string, unknown>): void {
    this.signals.push({ name, variables });
  }

  // ---- reachability (OR-join) ------------------------------------------------------------------

  /** Elements reachable from `from` (not counting itself unless on a cycle). */
  reachable(from: string): Set<string> {
    let set = this.reach.get(from);
    if (set) return set;
    set = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      const el = this.graph.elements[id];
      if (!el) continue;
      const next = el.outgoing.map((f) => this.graph.flows[f]?.target ?? '');
      next.push(...(el.boundaryEvents ?? []));
      if (el.event?.kind === 'link' && el.type === 'bpmn:IntermediateThrowEvent') {
        const target = this.graph.links[`${el.scope}:${el.event.linkName}`];
        if (target) next.push(target);
      }
      for (const n of next) {
        if (n && !set.has(n)) {
          set.add(n);
          stack.push(n);
        }
      }
    }
    this.reach.set(from, set);
    return set;
  }

  // ---- the view --------------------------------------------------------------------------------

  state(): CaseState {
    return {
      caseId: this.input.caseId,
      status: this.status,
      tokens: [...this.tokens.values()].map((t) => ({
        id: t.id,
        elementId: t.elementId,
        scopeInstanceId: t.scopeInstanceId,
        state: t.state,
        waitingFor: t.waitingFor,
        dueAt: t.dueAt,
        taskId: t.taskId,
      })),
      variables: this.vars,
      incidents: this.incidents.map(({ resolution: _r, ...i }) => i),
      openTasks: [...this.tasks.keys()],
      claims: Object.fromEntries([...this.tasks.values()].filter((x) => x.claimedBy).map((x) => [x.taskId, x.claimedBy as string])),
      trail: this.trail,
      outcome: this.outcome,
    };
  }

  get isFlushing(): boolean {
    return this.flushing;
  }

  /** Records the operator's cancel on the trail (on the process itself). */
  recordCancel(): void {
    if (!this.cancelledBy) return;
    const procEl = { id: this.graph.processId, type: 'bpmn:Process', name: this.graph.name } as unknown as ElementDef;
    this.trace(undefined, procEl, 'cancel', this.cancelledBy);
  }
}

function toMs(v: string): number | string {
  return v.trim().startsWith('P') ? durationToMs(v) : v;
}

function asBpmnThrow(err: unknown, elementId: string): BpmnThrow | undefined {
  if (err instanceof BpmnThrow) return err;
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'BpmnError') {
    const code = err.cause.details?.[0];
    return new BpmnThrow('error', typeof code === 'string' ? code : undefined, elementId);
  }
  return undefined;
}

function describeFailure(err: unknown): Pick<IncidentView, 'kind' | 'message' | 'expression'> {
  if (err instanceof IncidentError) return { kind: err.kind, message: err.message, expression: err.expression };
  if (err instanceof ExpressionError) return { kind: 'expression-failed', message: err.message, expression: err.expression };
  if (err instanceof ActivityFailure) {
    const cause = err.cause;
    const detail = cause instanceof ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : (cause?.message ?? err.message);
    return { kind: 'service-task-failed', message: detail };
  }
  return { kind: 'other', message: err instanceof Error ? err.message : String(err) };
}
