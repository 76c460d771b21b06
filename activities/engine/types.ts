/** Inputs of the engine activities; workflows import these with `import type` only. */
export interface TraceEventInput {
  caseId: string;
  seq: number;
  processId: string;
  definitionId: string;
  version: number;
  xmlHash: string;
  elementId: string;
  elementType: string;
  elementName?: string;
  tokenId?: string;
  /** `compensate`: a completed activity was compensated (its handler ran). */
  lifecycle: 'start' | 'complete' | 'cancel' | 'skip' | 'move' | 'incident' | 'compensate';
  /** ISO 8601. */
  at: string;
  actor?: string;
  reason?: string;
}

export interface CreateUserTaskInput {
  taskId: string;
  caseId: string;
  elementId: string;
  tokenId: string;
  name?: string;
  assignee?: string;
  candidateGroups: string[];
  department?: string;
  skills: string[];
  formKey?: string;
  form?: unknown;
  dueAt?: string;
  createdAt: string;
}

export interface CloseUserTaskInput {
  taskId: string;
  status: 'completed' | 'cancelled';
  closedAt: string;
  completedBy?: string;
  data?: Record<string, unknown>;
  /**
   * Set when the task is closed while its creation may still be running (the case was interrupted
   * during createUserTask): if no record exists yet, the close writes a closed one with these fields,
   * and the late creation, finding the key taken, leaves it closed.
   */
  record?: { caseId: string; elementId: string; name?: string; createdAt: string };
}

export interface CaseRecordInput {
  caseId: string;
  definitionId: string;
  version: number;
  processId: string;
  status: 'running' | 'completed' | 'terminated' | 'cancelled' | 'failed';
  customerId?: string;
  touchpoint?: string;
  startedAt: string;
  endedAt?: string;
  openTasks: number;
  incidents: number;
  updatedAt: string;
  /** Where the case stands (tokens, variables, incidents), so reads need not query the workflow. */
  snapshot?: CaseSnapshotInput;
}

/** The case's position as of its last flushed workflow task: the read model behind `GET /cases/:id`. */
export interface CaseSnapshotInput {
  status: string;
  tokens: { id: string; elementId: string; scopeInstanceId: string; state: string; waitingFor?: string; dueAt?: string; taskId?: string }[];
  variables: Record<string, unknown>;
  incidents: { id: string; elementId: string; tokenId: string; kind: string; message: string; expression?: string; createdAt: string }[];
  openTasks: string[];
  outcome?: { kind: string; code?: string };
  /** ISO 8601: workflow time of the snapshot. */
  at: string;
}

export interface ServiceTaskInput {
  type: string;
  caseId: string;
  elementId: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Failure types thrown by the engine activities; the strings are the contract. */
export const EngineFailure = {
  HandlerNotFound: 'HandlerNotFound',
  HandlerFailed: 'HandlerFailed',
  BpmnError: 'BpmnError',
} as const;
