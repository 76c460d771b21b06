/** One per-element problem as the API reports it (mirrors core/bpmn/graph.ts ModelProblem). */
export interface ElementProblem {
  severity?: 'error' | 'warning';
  rule?: string;
  elementId?: string;
  elementName?: string;
  message: string;
  path?: (string | number)[];
  /** The request field a problem names (`body.windows`, `row 5.type`), for showing it beside its input. */
  field?: string;
}

/** Thrown when the API answers with an error status; carries the RFC 9457 problem fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: ElementProblem[],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }
}

/** Reads a problem+json body (or any error body) into an ApiError. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // Not JSON: fall back to the status text.
  }
  const rawErrors = Array.isArray(body.errors) ? body.errors : Array.isArray(body.problems) ? body.problems : [];
  const errors = (rawErrors as unknown[]).map(normaliseProblem);
  const title = typeof body.title === 'string' ? body.title : res.statusText || `HTTP ${res.status}`;
  const detail = typeof body.detail === 'string' ? body.detail : undefined;
  return new ApiError(res.status, title, detail, errors);
}

function normaliseProblem(raw: unknown): ElementProblem {
  if (typeof raw === 'string') return { message: raw };
  const p = (raw ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    severity: p.severity === 'warning' ? 'warning' : 'error',
    rule: str(p.rule),
    elementId: str(p.elementId) ?? str(p.element) ?? str(p.id),
    elementName: str(p.elementName),
    message: str(p.message) ?? str(p.detail) ?? JSON.stringify(p),
    path: Array.isArray(p.path) ? (p.path as (string | number)[]) : undefined,
    field: str(p.field),
  };
}
