/** One event of a case as conformance checking sees it. */
export interface ConformanceEvent {
  activity: string;
  /** Epoch milliseconds. */
  timestamp?: number;
  resource?: string;
  role?: string;
  department?: string;
  /** Further groups the performer belongs to (candidate groups a model may name). */
  groups?: string[];
  /** Set when an operator overrode the engine (skipped or forced a step). */
  override?: boolean;
}

/** One case: its id and its events in order. */
export interface ConformanceTrace {
  caseId: string;
  events: ConformanceEvent[];
}
