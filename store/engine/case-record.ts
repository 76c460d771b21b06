/**
 * The case read model: one document per case, rebuilt from the workflow at each state change.
 *
 * Keyed by `_id` = case id. FerretDB 1.x on SQLite pushes only a filter of exactly `{ _id: <string> }`
 * down to SQLite; any other filter reads and decodes every document of the collection (measured: a
 * `find({ caseId })` over 20,000 trace events took 3.4 s). So the case view reads this one document by
 * `_id`, and the document carries the start of the case's trail (see {@link TRAIL_IN_RECORD}), written
 * with each flush, instead of scanning the trace events. On MongoDB the same reads use indexes.
 */
import mongoose, { Schema, type Connection, type Model } from 'mongoose';

/** Trail entries with `seq` up to this many are copied into the record; longer trails are read from the trace events. */
export const TRAIL_IN_RECORD = 300;

/** One entry of the case's trail as the case view shows it (a trace event without the definition fields). */
export interface TrailRecordEntry {
  seq: number;
  elementId: string;
  elementType: string;
  elementName?: string;
  lifecycle: string;
  at: Date;
  actor?: string;
  reason?: string;
}

export interface CaseRecordDoc {
  /** The case id (records written before this key was introduced have an ObjectId; see {@link findCaseRecord}). */
  _id?: string;
  caseId: string;
  definitionId: string;
  version: number;
  processId: string;
  status: 'running' | 'completed' | 'terminated' | 'cancelled' | 'failed';
  customerId?: string;
  touchpoint?: string;
  startedAt: Date;
  endedAt?: Date;
  openTasks: number;
  incidents: number;
  updatedAt: Date;
  /** Tokens, variables and incidents as of `snapshot.at` (written with every trace flush). */
  snapshot?: Record<string, unknown>;
  /**
   * The trail entries with seq ≤ {@link TRAIL_IN_RECORD}, appended by each flush: a retried flush may
   * append an entry twice and a flush that failed half-way may leave a gap until its retry, so readers
   * go through {@link trailFromRecord}.
   */
  trail?: TrailRecordEntry[];
  /** Every task that was open at one of the case's flushes (the case view reads them by key). */
  taskIds?: string[];
}

const caseRecordSchema = new Schema<CaseRecordDoc>(
  {
    _id: { type: Schema.Types.Mixed },
    caseId: { type: String, required: true, unique: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    processId: { type: String, required: true },
    status: { type: String, enum: ['running', 'completed', 'terminated', 'cancelled', 'failed'], required: true },
    customerId: String,
    touchpoint: String,
    startedAt: { type: Date, required: true },
    endedAt: Date,
    openTasks: { type: Number, default: 0 },
    incidents: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
    snapshot: { type: Schema.Types.Mixed },
    trail: { type: [Schema.Types.Mixed], default: undefined },
    taskIds: { type: [String], default: undefined },
  },
  { strict: 'throw', versionKey: false, collection: 'case_records' },
);

// A record created as a document (rather than by the engine's keyed upserts) is keyed the same way.
caseRecordSchema.pre('validate', function keyByCaseId() {
  if (this._id === undefined || this._id === null) this._id = this.caseId;
});

/** The case record model bound to a connection. */
export function caseRecordModel(conn: Connection): Model<CaseRecordDoc> {
  return (conn.models.CaseRecord as Model<CaseRecordDoc> | undefined) ?? conn.model<CaseRecordDoc>('CaseRecord', caseRecordSchema);
}

/**
 * The record of one case: by `_id` (one keyed read, pushed down to SQLite by FerretDB), then by the
 * `caseId` field for records written before the key was the case id.
 */
export async function findCaseRecord(conn: Connection, caseId: string, projection?: Record<string, 0 | 1>): Promise<CaseRecordDoc | null> {
  const Cases = caseRecordModel(conn);
  return (await Cases.findById(caseId, projection).lean()) ?? (await Cases.findOne({ caseId }, projection).lean());
}

/**
 * The case's trail from its record, in order and without the duplicates a retried flush leaves; or
 * undefined when the record cannot vouch for it (no trail, a gap, or a trail longer than the record
 * keeps), and the caller reads the trace events instead.
 */
export function trailFromRecord(record: Pick<CaseRecordDoc, 'trail'> | null): TrailRecordEntry[] | undefined {
  if (!record?.trail?.length) return undefined;
  const bySeq = new Map<number, TrailRecordEntry>();
  for (const e of record.trail) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  const entries = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const contiguous = entries.every((e, i) => e.seq === i + 1);
  if (!contiguous || entries.length >= TRAIL_IN_RECORD) return undefined;
  return entries;
}

/**
 * Re-keys records written before `_id` was the case id (run by the worker at start; idempotent).
 * Each is removed and written again under its case id, so the unique caseId index never sees two.
 * Returns how many were moved.
 */
export async function migrateCaseRecordKeys(conn: Connection): Promise<number> {
  const Cases = caseRecordModel(conn);
  const legacy = await Cases.find({ _id: mongoose.trusted({ $type: 'objectId' }) }).lean();
  for (const doc of legacy) {
    const { _id: oldId, ...rest } = doc;
    // The raw collection: the keys here are ours (an ObjectId, a case id), not a caller's filter.
    const raw = Cases.collection as unknown as { deleteOne(f: object): Promise<unknown>; updateOne(f: object, u: object, o: object): Promise<unknown> };
    await raw.deleteOne({ _id: oldId });
    await raw.updateOne({ _id: rest.caseId }, { $setOnInsert: rest }, { upsert: true });
  }
  return legacy.length;
}
