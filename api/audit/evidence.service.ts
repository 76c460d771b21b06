/**
 * Evidence bundles per case, signed with this installation's Ed25519 key (created on first use and
 * kept in the settings collection; its public half is published for offline verification).
 */
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { checkEngineCase, ConformanceInputError } from '../../activities/conformance/runs';
import { ENGINE_LOG_HEADER, engineTraceToXes } from '../../activities/conformance/engine-traces';
import { buildEvidence, type EvidenceAuditEntry, type EvidenceBundle } from '../../core/audit/evidence';
import { serializeXes } from '../../core/eventlog';
import { auditLog } from '../../store/audit';
import { definitions } from '../../store/definitions';
import { findCaseRecord } from '../../store/engine/case-record';
import { taskModel } from '../../store/engine/task';
import { traceEventModel } from '../../store/engine/trace-event';
import { settings } from '../../store/users';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { buildIdsOf, fetchCaseHistory, historyToJson, replayHistory } from './replay.service';

const KEY_SETTING = 'evidenceSigningKey';

/** The installation's signing key (PKCS#8 PEM), created once; concurrent creators agree on the first stored. */
export async function signingKey(db: Connection): Promise<string> {
  const Settings = settings(db);
  const existing = await Settings.findById(KEY_SETTING).lean();
  if (existing) return existing.value;
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    await Settings.collection.insertOne({ _id: KEY_SETTING, value: pem } as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const doc = await Settings.findById(KEY_SETTING).lean();
  return doc?.value ?? pem;
}

export async function publicKeyPem(db: Connection): Promise<string> {
  return createPublicKey(await signingKey(db)).export({ type: 'spki', format: 'pem' }).toString();
}

/** The case's trace as an XES document. */
export async function caseTraceXes(db: Connection, caseId: string): Promise<string> {
  const events = await traceEventModel(db).find({ caseId }, { _id: 0 }).sort({ seq: 1 }).lean();
  if (events.length === 0) throw AppError.notFound('case trace');
  return serializeXes({ ...ENGINE_LOG_HEADER, traces: [engineTraceToXes(caseId, events)] });
}

/** Audit entries about the case: interventions on it and work on its tasks. */
async function auditEntriesOf(db: Connection, caseId: string): Promise<EvidenceAuditEntry[]> {
  const taskIds = (await taskModel(db).find({ caseId }, { taskId: 1, _id: 0 }).lean()).map((t) => t.taskId);
  const entries = await auditLog(db)
    .find({ target: mongoose.trusted({ $in: [caseId, ...taskIds] }) }, { _id: 0 })
    .sort({ seq: 1 })
    .lean();
  return entries.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, target: e.target ?? null, before: e.before ?? null, after: e.after ?? null, prevHash: e.prevHash, hash: e.hash }));
}

/** Gathers, hashes and signs everything known about one case. */
export async function caseEvidence(deps: AppDeps, caseId: string): Promise<EvidenceBundle> {
  const { db } = deps;
  const first = await traceEventModel(db).findOne({ caseId }, { definitionId: 1 }).sort({ seq: 1 }).lean();
  const record = await findCaseRecord(db, caseId, { definitionId: 1 });
  const definitionId = first?.definitionId ?? record?.definitionId;
  if (!definitionId) throw AppError.notFound('case');
  const def = await definitions(db).findById(definitionId, { xml: 1, xmlHash: 1, processId: 1, version: 1 }).lean();
  if (!def) throw AppError.notFound('definition of the case');
  const history = await fetchCaseHistory(deps.temporal, caseId);
  const replay = await replayHistory(caseId, history);
  let conformance: unknown;
  try {
    conformance = await checkEngineCase(db, caseId, { now: Date.now() });
  } catch (err) {
    if (!(err instanceof ConformanceInputError)) throw err;
    conformance = { verdict: 'not-checked', reason: err.message };
  }
  const trace = first ? await caseTraceXes(db, caseId) : serializeXes({ ...ENGINE_LOG_HEADER, traces: [] });
  return buildEvidence(
    caseId,
    {
      bpmn: { definitionId: def._id, processId: def.processId, version: def.version, xml: def.xml, xmlHash: def.xmlHash },
      worker: {
        buildIds: buildIdsOf(history),
        replayBuildId: replay.buildId,
        replay: { result: replay.result, ...(replay.detail ? { detail: replay.detail } : {}) },
      },
      history: historyToJson(history),
      trace,
      conformance: JSON.parse(JSON.stringify(conformance)) as unknown,
      audit: await auditEntriesOf(db, caseId),
    },
    await signingKey(db),
  );
}
