/** Maps Temporal client errors onto API errors so a missing or closed case never becomes a 500. */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { AppError } from './errors';

export function fromTemporal(err: unknown, what = 'case'): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowNotFoundError) return AppError.notFound(what);
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = (err.cause)?.message ?? err.message;
    return new AppError(409, 'UpdateRejected', `the ${what} refused the request: ${cause}`, { cause: err });
  }
  const name = (err as { name?: string } | null)?.name ?? '';
  const message = (err as Error | null)?.message ?? '';
  if (/not ?found/i.test(name) || /workflow execution (already completed|not found)/i.test(message)) return AppError.notFound(what);
  if (/already completed|has completed/i.test(message)) return new AppError(409, 'CaseClosed', `the ${what} is closed`, { cause: err });
  return new AppError(503, 'EngineUnavailable', 'the process engine did not answer', { cause: err });
}
