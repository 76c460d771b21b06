/**
 * Process-level start triggers of a compiled graph, in a form the deployment side can act on: timer
 * start events become schedule plans (one per start event), message start events become correlation
 * entries. Pure: "now" is a parameter.
 */
import { evaluateExpression, stripFeelMarker } from '../expression/feel';
import { durationToMs, parseCycle, parseDateTime, TimerValueError } from '../expression/iso8601';
import type { CompiledProcess, TimerDefinition } from './graph';

/** When a timer start event fires, as a Temporal schedule can express it. */
export type TimerStartPlan =
  | { startEventId: string; kind: 'once'; at: number }
  | { startEventId: string; kind: 'every'; everyMs: number; offsetMs: number; startAt?: number; repetitions?: number }
  | { startEventId: string; kind: 'cron'; cron: string };

export interface MessageStart {
  startEventId: string;
  messageName: string;
  correlationKey?: string;
}

/** Thrown when a timer start event's value cannot be planned; names the start event. */
export class TimerStartError extends Error {
  constructor(
    readonly startEventId: string,
    message: string,
  ) {
    super(`timer start event ${startEventId}: ${message}`);
    this.name = 'TimerStartError';
  }
}

const CRON_FIELD = /^[\d*/,?LW#A-Z-]+$/i;

/** Five-field (or Quartz six/seven-field, seconds first) cron, as Camunda 7 accepts in timeCycle. */
function asCron(text: string): string | undefined {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 7 || !fields.every((f) => CRON_FIELD.test(f))) return undefined;
  // Temporal reads classic 5-field cron; Quartz puts seconds first and may end with a year.
  const five = fields.length === 5 ? fields : fields.slice(1, 6);
  return five.map((f) => (f === '?' ? '*' : f)).join(' ');
}

function timerText(def: TimerDefinition): string {
  const t = stripFeelMarker(def.expression);
  if (/^(P|R\d*\/|\d{4}-\d{2}-\d{2})/.test(t) && !def.expression.trim().startsWith('=')) return t;
  if (def.kind === 'cycle' && asCron(t)) return t;
  const v = evaluateExpression(t, {});
  if (typeof v !== 'string') throw new TimerValueError(def.expression, 'the timer expression did not yield an ISO 8601 string');
  return v;
}

/** Plans one timer start event. `deployedAt` anchors durations (a duration start fires once, that long after). */
export function planTimerStart(startEventId: string, def: TimerDefinition, deployedAt: number): TimerStartPlan {
  try {
    const text = timerText(def);
    if (def.kind === 'date') return { startEventId, kind: 'once', at: parseDateTime(text) };
    if (def.kind === 'duration') return { startEventId, kind: 'once', at: deployedAt + durationToMs(text, deployedAt) };
    const cron = asCron(text);
    if (cron) return { startEventId, kind: 'cron', cron };
    const cycle = parseCycle(text, deployedAt);
    if (cycle.intervalMs < 1000) throw new TimerValueError(text, 'a start cycle shorter than one second is refused');
    const offsetMs = cycle.start !== undefined ? ((cycle.start % cycle.intervalMs) + cycle.intervalMs) % cycle.intervalMs : 0;
    const plan: TimerStartPlan = { startEventId, kind: 'every', everyMs: cycle.intervalMs, offsetMs };
    if (cycle.start !== undefined) plan.startAt = cycle.start;
    if (cycle.repetitions !== undefined) plan.repetitions = cycle.repetitions;
    return plan;
  } catch (err) {
    throw new TimerStartError(startEventId, err instanceof Error ? err.message : String(err));
  }
}

/** Timer start events of the process (root scope only: event subprocess starts are the interpreter's). */
export function timerStarts(graph: CompiledProcess): { startEventId: string; timer: TimerDefinition }[] {
  const out: { startEventId: string; timer: TimerDefinition }[] = [];
  for (const id of graph.scopes[graph.rootScope]?.triggeredStartEvents ?? []) {
    const ev = graph.elements[id]?.event;
    if (ev?.kind === 'timer') out.push({ startEventId: id, timer: ev.timer });
  }
  return out;
}

/** Message start events of the process (root scope), with their message names and correlation keys. */
export function messageStarts(graph: CompiledProcess): MessageStart[] {
  const out: MessageStart[] = [];
  for (const id of graph.scopes[graph.rootScope]?.triggeredStartEvents ?? []) {
    const ev = graph.elements[id]?.event;
    if (ev?.kind !== 'message') continue;
    const m: MessageStart = { startEventId: id, messageName: ev.messageName };
    if (ev.correlationKey) m.correlationKey = ev.correlationKey;
    out.push(m);
  }
  return out;
}
