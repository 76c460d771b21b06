/**
 * Appends to and verifies the hash-chained audit log. Each entry's hash is SHA-256 over the
 * canonical JSON of its content and the previous entry's hash; editing, inserting or deleting any
 * entry breaks the chain at that point.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { auditLog, type AuditDoc } from '../../store/audit';
import { settings } from '../../store/users';
import { canonical as canonicalJson, normalise } from '../../core/audit/canonical';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
}

export type VerifyResult =
  | { intact: true; entries: number; head: string }
  | { intact: false; entries: number; brokenAt: { seq: number; id?: string; reason: string } };

/** Fields the hash covers, in the one canonical form. */
function hashOf(e: Omit<AuditDoc, 'hash' | '_id'>): string {
  const content = {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    target: e.target ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
    prevHash: e.prevHash,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

// One queue per connection keeps this process's appends in order; the unique seq index guards
// against other processes.
const queues = new WeakMap<Connection, Promise<unknown>>();

/** Appends one entry; serialised per connection and retried when another writer won the seq. */
export function appendAudit(conn: Connection, input: AuditInput): Promise<AuditDoc> {
  const prev = queues.get(conn) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(() => appendNow(conn, input));
  queues.set(conn, next);
  return next;
}

async function appendNow(conn: Connection, input: AuditInput): Promise<AuditDoc> {
  const Audit = auditLog(conn);
  for (let attempt = 0; ; attempt++) {
    const head = await Audit.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
    const base = {
      seq: (head?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actor: input.actor,
      action: input.action,
      target: input.target,
      before: input.before === undefined ? null : normalise(input.before),
      after: input.after === undefined ? null : normalise(input.after),
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const doc: AuditDoc = { _id: randomUUID(), ...base, hash: hashOf(base) };
    try {
      await Audit.collection.insertOne(doc as never);
      await recordHead(conn, doc.seq);
      return doc;
    } catch (err) {
      if ((err as { code?: number }).code === 11000 && attempt < 20) continue;
      throw err;
    }
  }
}

const HEAD = 'auditHeadSeq';

/**
 * Remembers the highest sequence number written, so that deleting the newest entries (which
 * leaves a shorter but self-consistent chain) is detected too. Only ever raised.
 */
async function recordHead(conn: Connection, seq: number): Promise<void> {
  const Settings = settings(conn);
  const current = await Settings.findById(HEAD).lean();
  if (current && Number(current.value) >= seq) return;
  await Settings.updateOne({ _id: HEAD }, { $set: { value: String(seq) } }, { upsert: true });
}

/** Walks the chain from the first entry and reports the first one that does not fit. */
export async function verifyAudit(conn: Connection): Promise<VerifyResult> {
  const cursor = auditLog(conn).collection.find({}).sort({ seq: 1 });
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for await (const raw of cursor) {
    const e = raw as unknown as AuditDoc;
    count++;
    const at = { seq: e.seq, id: String(e._id) };
    if (e.seq !== expectedSeq) return { intact: false, entries: count, brokenAt: { ...at, seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
    if (e.prevHash !== prevHash) return { intact: false, entries: count, brokenAt: { ...at, reason: 'previous hash does not match' } };
    const { _id: _ignored, hash, ...rest } = e;
    if (hashOf(rest) !== hash) return { intact: false, entries: count, brokenAt: { ...at, reason: 'content does not match its hash' } };
    prevHash = hash;
    expectedSeq++;
  }
  const head = await settings(conn).findById(HEAD).lean();
  if (head && Number(head.value) > count) {
    return { intact: false, entries: count, brokenAt: { seq: count + 1, reason: `entries ${count + 1} to ${head.value} are missing` } };
  }
  return { intact: true, entries: count, head: prevHash };
}
