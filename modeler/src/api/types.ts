/** Shapes of the API answers the UI reads. Fields beyond these are ignored. */
export interface DefinitionSummary {
  id: string;
  key?: string;
  processId?: string;
  name?: string;
  version?: number;
  note?: string;
  deployedAt?: string;
  createdAt?: string;
  deployedBy?: string;
}

export interface Definition extends DefinitionSummary {
  xml: string;
}

export interface ServiceTaskType {
  name: string;
  title?: string;
  description?: string;
}

export interface CaseToken {
  id?: string;
  elementId: string;
  state?: string;
  waitingFor?: string;
}

export interface TrailEntry {
  at?: string;
  time?: string;
  elementId?: string;
  elementName?: string;
  event?: string;
  type?: string;
  lifecycle?: string;
  reason?: string;
  actor?: string;
  detail?: string;
}

export interface Incident {
  id?: string;
  tokenId?: string;
  kind?: string;
  elementId?: string;
  message?: string;
  type?: string;
  at?: string;
}

export interface Task {
  id: string;
  caseId?: string;
  elementId?: string;
  name?: string;
  assignee?: string;
  candidateGroups?: string[];
  status?: string;
  state?: string;
  dueAt?: string;
  createdAt?: string;
  form?: unknown;
  requiredFields?: string[];
  variables?: Record<string, unknown>;
  processName?: string;
}

export interface CaseSummary {
  id: string;
  definitionId?: string;
  processId?: string;
  processName?: string;
  status?: string;
  startedAt?: string;
  createdAt?: string;
  businessKey?: string;
}

export interface CaseDetail extends CaseSummary {
  tokens?: CaseToken[];
  trail?: TrailEntry[];
  variables?: Record<string, unknown>;
  incidents?: Incident[];
  tasks?: Task[];
  workflowId?: string;
  stateError?: string;
  runId?: string;
  temporalUrl?: string;
  xml?: string;
  definition?: Definition;
}
