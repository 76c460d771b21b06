/**
 * The service-task handler registry: `tp:type` on a service task names a handler here. Handlers
 * receive the task's input variables and static headers and return output variables.
 */
export interface HandlerContext {
  caseId: string;
  elementId: string;
  attempt: number;
}

export interface ServiceHandler {
  description: string;
  run(input: Record<string, unknown>, headers: Record<string, string>, ctx: HandlerContext): Promise<Record<string, unknown>>;
}

/** Thrown by a handler to raise a BPMN error that error boundary events can catch. */
export class BpmnHandlerError extends Error {
  constructor(
    readonly errorCode: string,
    message?: string,
  ) {
    super(message ?? errorCode);
    this.name = 'BpmnHandlerError';
  }
}

export class HandlerRegistry {
  private readonly handlers = new Map<string, ServiceHandler>();

  /** Registers (or replaces) the handler for a task type. */
  registerHandler(type: string, handler: ServiceHandler): this {
    this.handlers.set(type, handler);
    return this;
  }

  get(type: string): ServiceHandler | undefined {
    return this.handlers.get(type);
  }

  listHandlers(): { type: string; description: string }[] {
    return [...this.handlers.entries()].map(([type, h]) => ({ type, description: h.description })).sort((a, b) => a.type.localeCompare(b.type));
  }
}
