import type { ConformanceTrace } from '../conformance/types';
import type { XesAttribute, XesLog } from './xes-types';

export interface ConformanceKeys {
  activity?: string;
  timestamp?: string;
  resource?: string;
  role?: string;
  department?: string;
}

const text = (attrs: XesAttribute[], key: string): string | undefined => {
  const a = attrs.find((x) => x.key === key);
  return a && (a.type === 'string' || a.type === 'id') ? a.value : undefined;
};

/** The traces of an XES log as conformance checking reads them (standard extension keys by default). */
export function toConformanceTraces(log: XesLog, keys: ConformanceKeys = {}): ConformanceTrace[] {
  const k = {
    activity: keys.activity ?? 'concept:name',
    timestamp: keys.timestamp ?? 'time:timestamp',
    resource: keys.resource ?? 'org:resource',
    role: keys.role ?? 'org:role',
    department: keys.department ?? 'org:group',
  };
  return log.traces.map((t, i) => ({
    caseId: text(t.attributes, 'concept:name') ?? String(i),
    events: t.events.map((e) => {
      const ts = e.attributes.find((a) => a.key === k.timestamp);
      return {
        activity: text(e.attributes, k.activity) ?? '',
        timestamp: ts?.type === 'date' ? ts.value : undefined,
        resource: text(e.attributes, k.resource),
        role: text(e.attributes, k.role),
        department: text(e.attributes, k.department),
      };
    }),
  }));
}
