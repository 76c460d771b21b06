import { type CaseDetail, type CaseSummary, type DefinitionSummary, type ServiceTaskType, type Task, type TrailEntry } from './types';

type Raw = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : undefined);

/** The API names ids after their collections (`_id`, `caseId`, `taskId`); the UI reads `id`. */
export function toDefinition(raw: Raw): DefinitionSummary & { xml?: string } {
  return {
    ...(raw as object),
    id: str(raw.id) ?? str(raw._id) ?? '',
    deployedBy: str(raw.deployedBy) ?? str(raw.author),
    deployedAt: str(raw.deployedAt) ?? str(raw.createdAt) ?? str(raw.deployedAt),
  };
}

export function toServiceTaskType(raw: Raw | string): ServiceTaskType {
  if (typeof raw === 'string') return { name: raw };
  return { name: str(raw.name) ?? str(raw.type) ?? '', title: str(raw.title), description: str(raw.description) };
}

export function toTask(raw: Raw): Task {
  return { ...(raw as object), id: str(raw.id) ?? str(raw.taskId) ?? '' };
}

export function toCaseSummary(raw: Raw): CaseSummary {
  return { ...(raw as object), id: str(raw.id) ?? str(raw.caseId) ?? '' };
}

/** `GET /cases/:id` answers `{ caseId, record, state, tasks }`; the live state wins over the record. */
export function toCaseDetail(raw: Raw): CaseDetail {
  const record = (raw.record ?? {}) as Raw;
  const state = (raw.state ?? {}) as Raw;
  const trail = ((state.trail ?? raw.trail ?? []) as Raw[]).map(
    (e): TrailEntry => ({ ...(e as object), event: str(e.event) ?? str(e.lifecycle), detail: str(e.detail) ?? str(e.reason) }),
  );
  return {
    ...(raw as object),
    id: str(raw.id) ?? str(raw.caseId) ?? str(record.caseId) ?? '',
    definitionId: str(raw.definitionId) ?? str(record.definitionId),
    processId: str(raw.processId) ?? str(record.processId),
    status: str(state.status) ?? str(raw.status) ?? str(record.status),
    startedAt: str(record.startedAt),
    tokens: (state.tokens ?? raw.tokens ?? []) as CaseDetail['tokens'],
    trail,
    variables: (state.variables ?? raw.variables ?? {}) as Record<string, unknown>,
    incidents: ((state.incidents ?? raw.incidents ?? []) as Raw[]).map((i) => ({ ...(i as object), type: str(i.kind) })),
    tasks: ((raw.tasks ?? []) as Raw[]).map(toTask),
    workflowId: str(raw.workflowId) ?? str(raw.caseId),
    stateError: str(raw.stateError),
  };
}
