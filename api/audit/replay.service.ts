/**
 * Replays a case's Temporal history against workflow code (by default the code the worker runs now,
 * the same `workflowsPath` as worker/main.ts) and reports "reproduced" or the non-determinism found.
 * Bundles are built once per workflowsPath and kept.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { AppError } from '../errors';

/** The workflow code the worker runs (worker/main.ts passes the same path). */
export const WORKER_WORKFLOWS_PATH = require.resolve('../../workflows');

const noop = (): void => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
const bundles = new Map<string, Promise<{ bundle: WorkflowBundle; buildId: string }>>();
const WORKER_PACKAGE = '@temporalio/worker';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package version is part of the default build id
const WORKER_VERSION = (require('@temporalio/worker/package.json') as { version: string }).version;

/**
 * The bundle for a workflowsPath and its build id, computed as the SDK computes a worker's default
 * build id (package name and version + SHA-256 of the bundle code).
 */
export function workflowBundle(workflowsPath = WORKER_WORKFLOWS_PATH): Promise<{ bundle: WorkflowBundle; buildId: string }> {
  let b = bundles.get(workflowsPath);
  if (!b) {
    b = bundleWorkflowCode({ workflowsPath, logger: quiet }).then((bundle) => ({
      bundle,
      buildId: `${WORKER_PACKAGE}@${WORKER_VERSION}+${createHash('sha256').update(bundle.code).digest('hex')}`,
    }));
    b.catch(() => bundles.delete(workflowsPath));
    bundles.set(workflowsPath, b);
  }
  return b;
}

export type History = temporal.api.history.v1.IHistory;

/** A case's history; 404 when Temporal does not know the workflow. */
export async function fetchCaseHistory(client: Client, caseId: string): Promise<History> {
  try {
    return await client.workflow.getHandle(caseId).fetchHistory();
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'WorkflowNotFoundError' || /not found/i.test((err as Error).message)) throw AppError.notFound('case history');
    throw err;
  }
}

/** The history as proto-JSON (64-bit numbers as strings, enums by name, bytes as base64). */
export function historyToJson(history: History): Record<string, unknown> {
  const H = temporal.api.history.v1.History;
  return H.toObject(H.fromObject(history), { longs: String, enums: String, bytes: String });
}

/** The build ids that completed the case's workflow tasks, as recorded in its history. */
export function buildIdsOf(history: History): string[] {
  const ids = new Set<string>();
  for (const e of history.events ?? []) {
    const a = e.workflowTaskCompletedEventAttributes;
    if (!a) continue;
    const id = a.workerVersion?.buildId || a.deploymentVersion?.buildId || a.binaryChecksum;
    if (id) ids.add(id);
  }
  return [...ids];
}

export interface ReplayVerdict {
  caseId: string;
  result: 'reproduced' | 'non-determinism' | 'failed';
  /** Number of history events replayed. */
  events: number;
  /** Build id of the code replayed against. */
  buildId: string;
  /** Build ids that ran the case originally. */
  recordedBuildIds: string[];
  /** What did not match (the SDK's message), when not reproduced. */
  detail?: string;
}

/** Replays one case against the code at `workflowsPath`. */
export async function replayCase(client: Client, caseId: string, workflowsPath = WORKER_WORKFLOWS_PATH): Promise<ReplayVerdict> {
  const history = await fetchCaseHistory(client, caseId);
  return replayHistory(caseId, history, workflowsPath);
}

export async function replayHistory(caseId: string, history: History, workflowsPath = WORKER_WORKFLOWS_PATH): Promise<ReplayVerdict> {
  const { bundle, buildId } = await workflowBundle(workflowsPath);
  const base = { caseId, events: history.events?.length ?? 0, buildId, recordedBuildIds: buildIdsOf(history) };
  try {
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: `audit-replay-${caseId}` }, history, caseId);
    return { ...base, result: 'reproduced' };
  } catch (err) {
    const e = err as Error & { cause?: unknown };
    const text = `${e.name}: ${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}`;
    const nondeterministic = e.name === 'DeterminismViolationError' || /nondetermin|non-determin/i.test(text);
    return { ...base, result: nondeterministic ? 'non-determinism' : 'failed', detail: text };
  }
}
