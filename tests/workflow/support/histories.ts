/**
 * Captures workflow histories of test runs into tests/workflow/histories/ for the replay test.
 * Stored as JSON wrapping the protobuf-encoded history (base64): Temporal's proto-JSON helpers do
 * not load under Jest's module registry, the binary codec does.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import type { Harness } from './harness';

export const HISTORY_DIR = join(__dirname, '..', 'histories');
const History = temporal.api.history.v1.History;

interface StoredHistory {
  workflowId: string;
  encoding: 'temporal.api.history.v1.History/base64';
  history: string;
}

/**
 * Writes the history of a finished workflow, only when `CAPTURE_HISTORIES=1`. The committed
 * histories are the contract: an ordinary test run must replay the old ones, never overwrite them
 * with what today's code produces. Recapture deliberately, and review the diff, after a change
 * that is meant to alter histories (with Temporal patching for running cases).
 */
export async function saveHistory(h: Harness, workflowId: string, name: string): Promise<void> {
  if (process.env.CAPTURE_HISTORIES !== '1') return;
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const bytes = History.encode(History.fromObject(history)).finish();
  const stored: StoredHistory = { workflowId, encoding: 'temporal.api.history.v1.History/base64', history: Buffer.from(bytes).toString('base64') };
  await writeFile(join(HISTORY_DIR, `${name}.json`), JSON.stringify(stored, null, 1));
}

/** Reads a stored history back. */
export function loadHistory(file: string): { workflowId: string; history: temporal.api.history.v1.History } {
  const stored = JSON.parse(readFileSync(join(HISTORY_DIR, file), 'utf8')) as StoredHistory;
  return { workflowId: stored.workflowId, history: History.decode(Buffer.from(stored.history, 'base64')) };
}
