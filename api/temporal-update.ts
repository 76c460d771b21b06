/**
 * Workflow updates from the API, robust to one Temporal race: when the workflow task that would
 * carry an update fails for a reason unrelated to it (typically "unhandled command": a new event
 * arrived while the task was being completed, which the worker retries at once), the server
 * rejects the update with FAILED_PRECONDITION "unexpected workflow task failure". The update never
 * ran, so sending it again is safe; a fixed update id makes the retry idempotent even if it did.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';

const RETRYABLE = /unexpected workflow task failure/i;

function isRetryable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (RETRYABLE.test((e as Error).message ?? '')) return true;
  }
  return false;
}

/** `handle.executeUpdate` with one update id across up to `attempts` tries on the race above. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors the SDK's own constraint on update arguments
export async function executeUpdate<Ret, Args extends [any, ...any[]]>(
  handle: WorkflowHandle,
  def: UpdateDefinition<Ret, Args>,
  args: Args,
  attempts = 5,
): Promise<Ret> {
  const updateId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(def, { args, updateId });
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}
