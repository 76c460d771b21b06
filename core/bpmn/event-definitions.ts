import type { EventDefinition, TimerDefinition } from './graph';
import type { MElement } from './moddle';
import { body, bool, child, extensions, feel, getStr, str } from './moddle-access';

function timer(def: MElement): TimerDefinition | undefined {
  const duration = body(def, 'timeDuration');
  if (duration !== undefined) return { kind: 'duration', expression: feel(duration) ?? '' };
  const date = body(def, 'timeDate');
  if (date !== undefined) return { kind: 'date', expression: feel(date) ?? '' };
  const cycle = body(def, 'timeCycle');
  if (cycle !== undefined) return { kind: 'cycle', expression: feel(cycle) ?? '' };
  return undefined;
}

/**
 * The message event a `bpmn:Message` describes: its name (the id when unnamed) and the correlation key of its
 * tp/zeebe subscription. Used for message event definitions and for receive tasks' `messageRef`.
 */
export function readMessage(msg: MElement | undefined): Extract<EventDefinition, { kind: 'message' }> {
  const sub = extensions(msg, 'tp:Subscription', 'zeebe:Subscription')[0];
  const out: Extract<EventDefinition, { kind: 'message' }> = { kind: 'message', messageName: str(msg, 'name') ?? msg?.id ?? '' };
  if (msg?.id) out.messageRef = msg.id;
  const key = feel(str(sub, 'correlationKey'));
  if (key) out.correlationKey = key;
  return out;
}

/** Converts one moddle event definition; message, signal, error and escalation refs resolve to names and codes. */
export function readEventDefinition(def: MElement): EventDefinition | undefined {
  switch (def.$type) {
    case 'bpmn:TimerEventDefinition': {
      const t = timer(def) ?? { kind: 'duration', expression: '' };
      const calendar = getStr(def, 'tp:calendar');
      return calendar ? { kind: 'timer', timer: t, calendar } : { kind: 'timer', timer: t };
    }
    case 'bpmn:MessageEventDefinition':
      return readMessage(child(def, 'messageRef'));
    case 'bpmn:SignalEventDefinition': {
      const sig = child(def, 'signalRef');
      const out: EventDefinition = { kind: 'signal', signalName: str(sig, 'name') ?? sig?.id ?? '' };
      if (sig?.id) out.signalRef = sig.id;
      return out;
    }
    case 'bpmn:ErrorEventDefinition': {
      const err = child(def, 'errorRef');
      const out: EventDefinition = { kind: 'error' };
      if (err?.id) out.errorRef = err.id;
      const code = str(err, 'errorCode');
      if (code) out.errorCode = code;
      const name = str(err, 'name');
      if (name) out.errorName = name;
      return out;
    }
    case 'bpmn:EscalationEventDefinition': {
      const esc = child(def, 'escalationRef');
      const out: EventDefinition = { kind: 'escalation' };
      if (esc?.id) out.escalationRef = esc.id;
      const code = str(esc, 'escalationCode');
      if (code) out.escalationCode = code;
      const name = str(esc, 'name');
      if (name) out.escalationName = name;
      return out;
    }
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:LinkEventDefinition':
      return { kind: 'link', linkName: str(def, 'name') ?? '' };
    case 'bpmn:CompensateEventDefinition': {
      const out: EventDefinition = { kind: 'compensate', waitForCompletion: bool(def, 'waitForCompletion', true) };
      const act = child(def, 'activityRef');
      if (act?.id) out.activityRef = act.id;
      return out;
    }
    case 'bpmn:ConditionalEventDefinition':
      return { kind: 'conditional', condition: feel(body(def, 'condition')) ?? '' };
    case 'bpmn:CancelEventDefinition':
      return { kind: 'cancel' };
    default:
      return undefined;
  }
}
