/**
 * Complaint records (the read model kept in step with the complaint process and its SLA clocks),
 * departments (who supervises and heads each), and the outbox that makes channel sends idempotent.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Connection, type Model, type UpdateQuery } from 'mongoose';
import { guardFields, matchesGuard } from './complaint-guard';
import { modelOn } from './model';

export interface SlaClockDoc {
  round: number;
  name: 'reply' | 'resolution';
  calendarId?: string;
  durationMs: number;
  warnFraction: number;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
  consumedMs: number;
  pausedBusinessMs: number;
  pausedAt?: Date;
  warnedAt?: Date;
  breachedAt?: Date;
  stoppedAt?: Date;
  state: string;
  /** The clock workflow's write sequence: a late write of an older state never replaces a newer one. */
  seq?: number;
}

export interface TimelineEntry {
  at: Date;
  kind: string;
  detail?: string;
  actor?: string;
}

export interface ReplyEntry {
  at: Date;
  channel: string;
  to: string;
  body: string;
  by?: string;
  key: string;
  providerId: string;
}

export interface EscalationEntry {
  at: Date;
  round: number;
  clock: string;
  kind: 'warning' | 'breach';
  dueAt: Date;
  recipients: string[];
  /** When the clock armed the timer (workflow time); a timer armed after its due instant fires at once. */
  armedAt?: Date;
}

export interface ClassificationRecord {
  kind: string;
  category: string;
  priority: string;
}

export interface OverrideEntry {
  at: Date;
  by: string;
  round: number;
  from: ClassificationRecord;
  to: ClassificationRecord;
}

export interface ComplaintDoc {
  /** The complaint id is the case id of its process. */
  _id: string;
  customerId: string;
  channel: string;
  replyChannel: string;
  replyTo: string;
  business?: string;
  subject?: string;
  text: string;
  kind?: string;
  category?: string;
  priority?: string;
  department?: string;
  owner?: string;
  status: string;
  slaState: string;
  clocks: SlaClockDoc[];
  round: number;
  replies: ReplyEntry[];
  escalations: EscalationEntry[];
  satisfaction?: { score: number; satisfied: boolean; comment?: string; at: Date };
  timeline: TimelineEntry[];
  receivedAt: Date;
  closedAt?: Date;
  reopenUntil?: Date;
  knowledgeId?: string;
  /** What the classification rules decided (kept when an agent overrides it). */
  ruleResult?: ClassificationRecord & { rule: number };
  /** Agents' overrides of the classification, oldest first. */
  overrides: OverrideEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const clockSchema = new Schema<SlaClockDoc>(
  {
    round: { type: Number, required: true },
    name: { type: String, enum: ['reply', 'resolution'], required: true },
    calendarId: String,
    durationMs: { type: Number, required: true },
    warnFraction: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    warnAt: { type: Date, required: true },
    consumedMs: { type: Number, default: 0 },
    pausedBusinessMs: { type: Number, default: 0 },
    pausedAt: Date,
    warnedAt: Date,
    breachedAt: Date,
    stoppedAt: Date,
    state: { type: String, required: true },
    seq: Number,
  },
  { _id: false },
);

const complaintSchema = new Schema<ComplaintDoc>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    channel: { type: String, required: true },
    replyChannel: { type: String, required: true },
    replyTo: { type: String, required: true },
    business: String,
    subject: String,
    text: { type: String, required: true },
    kind: String,
    category: String,
    priority: String,
    department: String,
    owner: String,
    status: { type: String, required: true },
    slaState: { type: String, default: 'running' },
    clocks: { type: [clockSchema], default: [] },
    round: { type: Number, default: 0 },
    replies: {
      type: [
        new Schema(
          { at: Date, channel: String, to: String, body: String, by: String, key: String, providerId: String },
          { _id: false },
        ),
      ],
      default: [],
    },
    escalations: {
      type: [
        new Schema(
          { at: Date, round: Number, clock: String, kind: String, dueAt: Date, recipients: [String], armedAt: Date },
          { _id: false },
        ),
      ],
      default: [],
    },
    satisfaction: {
      type: new Schema({ score: Number, satisfied: Boolean, comment: String, at: Date }, { _id: false }),
      required: false,
    },
    timeline: {
      type: [new Schema({ at: Date, kind: String, detail: String, actor: String }, { _id: false })],
      default: [],
    },
    receivedAt: { type: Date, required: true },
    closedAt: Date,
    reopenUntil: Date,
    knowledgeId: String,
    ruleResult: {
      type: new Schema({ kind: String, category: String, priority: String, rule: Number }, { _id: false }),
      required: false,
    },
    overrides: {
      type: [
        new Schema(
          {
            at: Date,
            by: String,
            round: Number,
            from: new Schema({ kind: String, category: String, priority: String }, { _id: false }),
            to: new Schema({ kind: String, category: String, priority: String }, { _id: false }),
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { collection: 'complaints', versionKey: false, timestamps: true, strict: 'throw' },
);
complaintSchema.index({ customerId: 1, receivedAt: -1 });
complaintSchema.index({ status: 1, department: 1 });
complaintSchema.index({ slaState: 1 });

export interface DepartmentDoc {
  _id: string;
  name: string;
  supervisor: string;
  head: string;
  /** Skills an agent needs to own this department's complaints. */
  skills: string[];
}

const departmentSchema = new Schema<DepartmentDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    supervisor: { type: String, required: true },
    head: { type: String, required: true },
    skills: { type: [String], default: [] },
  },
  { collection: 'complaint_departments', versionKey: false, strict: 'throw' },
);

export interface OutboundDoc {
  /** The idempotency key: complaint, step and attempt key. */
  _id: string;
  channel: string;
  to: string;
  subject?: string;
  body: string;
  status: 'sending' | 'sent';
  attempts: number;
  providerId?: string;
  lastError?: string;
  sentAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const outboundSchema = new Schema<OutboundDoc>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    to: { type: String, required: true },
    subject: String,
    body: { type: String, required: true },
    status: { type: String, enum: ['sending', 'sent'], required: true },
    attempts: { type: Number, default: 0 },
    providerId: String,
    lastError: String,
    sentAt: Date,
  },
  { collection: 'outbound_messages', versionKey: false, timestamps: true, strict: 'throw' },
);

export const complaints = (conn: Connection): Model<ComplaintDoc> => modelOn(conn, 'Complaint', complaintSchema);
export const departments = (conn: Connection): Model<DepartmentDoc> =>
  modelOn(conn, 'ComplaintDepartment', departmentSchema);
export const outbound = (conn: Connection): Model<OutboundDoc> => modelOn(conn, 'OutboundMessage', outboundSchema);

/** What intake knows of a new complaint. */
export type NewComplaint = Pick<
  ComplaintDoc,
  '_id' | 'customerId' | 'channel' | 'replyChannel' | 'replyTo' | 'text' | 'receivedAt'
> &
  Partial<Pick<ComplaintDoc, 'business' | 'subject'>>;

/**
 * Inserts the record of a new complaint unless it exists (API intake and the process's first
 * step both call this; the first wins). Returns whether this call created it.
 */
export async function insertComplaint(conn: Connection, c: NewComplaint): Promise<boolean> {
  const now = new Date();
  const doc: ComplaintDoc = {
    ...c,
    status: 'received',
    slaState: 'running',
    clocks: [],
    round: 0,
    replies: [],
    escalations: [],
    overrides: [],
    timeline: [{ at: c.receivedAt, kind: 'received', detail: `on ${c.channel}` }],
    createdAt: now,
    updatedAt: now,
  };
  for (const k of ['business', 'subject'] as const) if (doc[k] === undefined) delete doc[k];
  try {
    await complaints(conn).collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

/** A stored monthly summary (written by the monthly Schedule); the body is the report as computed. */
export interface SummaryDoc {
  /** `YYYY-MM`. */
  _id: string;
  report: Record<string, unknown>;
  createdAt: Date;
}

const summarySchema = new Schema<SummaryDoc>(
  {
    _id: { type: String, required: true },
    report: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'complaint_summaries', versionKey: false, minimize: false, strict: 'throw' },
);

export const summaries = (conn: Connection): Model<SummaryDoc> => modelOn(conn, 'ComplaintSummary', summarySchema);

/** A writer's hold on one complaint record (see {@link withComplaintLock}). */
export interface ComplaintLockDoc {
  /** The complaint id. */
  _id: string;
  holder: string;
  /** After this instant the hold counts as abandoned (its writer crashed) and may be broken. */
  until: Date;
}

const lockSchema = new Schema<ComplaintLockDoc>(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'complaint_locks', versionKey: false, strict: 'throw' },
);

export const complaintLocks = (conn: Connection): Model<ComplaintLockDoc> => modelOn(conn, 'ComplaintLock', lockSchema);

/** Thrown when a complaint stays locked by another writer for longer than the caller waits. */
export class ComplaintLockTimeout extends Error {
  constructor(readonly complaintId: string) {
    super(`complaint ${complaintId} stayed locked by another writer`);
    this.name = 'ComplaintLockTimeout';
  }
}

const LOCK_LEASE_MS = 30_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` while holding the complaint's write lock. Why: FerretDB 1.x (SQLite) applies an update
 * by reading the document, changing it in Go and writing it back whole, with no check that it is
 * still the document it read; two concurrent updates of one complaint (the process's handler and
 * its SLA clock, say) lose one of them, and even a filtered compare-and-set lets several writers
 * "win" (tests/store/complaint-writes.test.ts shows both). An insert with a taken `_id` is refused
 * atomically, so a lock document keyed by the complaint id serialises the writers, across worker
 * processes. MongoDB does not need it; there it costs two small writes per update.
 */
export async function withComplaintLock<T>(
  conn: Connection,
  complaintId: string,
  fn: () => Promise<T>,
  waitMs = 20_000,
): Promise<T> {
  const locks = complaintLocks(conn).collection;
  const holder = randomUUID();
  const giveUp = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    try {
      await locks.insertOne({ _id: complaintId, holder, until: new Date(Date.now() + LOCK_LEASE_MS) } as never);
      break;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const held = await locks.findOne({ _id: complaintId as never });
    if (held && (held.until as Date).getTime() < Date.now()) {
      await locks.deleteOne({ _id: complaintId as never, holder: held.holder });
      continue;
    }
    if (Date.now() > giveUp) throw new ComplaintLockTimeout(complaintId);
    await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 200);
  }
  try {
    return await fn();
  } finally {
    await locks.deleteOne({ _id: complaintId as never, holder });
  }
}

/**
 * Updates one complaint under its write lock when it still matches `guard` (the states that
 * legitimately lead to this write). Returns whether the record changed; a late or retried write
 * whose guard no longer holds changes nothing.
 */
export async function updateComplaint(
  conn: Connection,
  complaintId: string,
  guard: Record<string, unknown>,
  update: UpdateQuery<ComplaintDoc>,
): Promise<boolean> {
  return withComplaintLock(conn, complaintId, async () => {
    const Complaints = complaints(conn);
    // The guard is checked here on the record read by key (see store/complaint-guard.ts): on FerretDB
    // a filter other than exactly `{ _id }` reads the whole collection.
    if (Object.keys(guard).length > 0) {
      const doc = await Complaints.findById(complaintId, guardFields(guard)).lean();
      if (!doc || !matchesGuard(doc, guard)) return false;
    }
    const res = await Complaints.updateOne({ _id: complaintId }, update);
    return res.modifiedCount === 1;
  });
}

/**
 * Records the knowledge entry a complaint became, under the complaint's write lock like every other
 * writer of the record (an unlocked write could be lost to, or wipe out, a concurrent handler or
 * SLA write). Returns whether the record changed (false: already recorded, or no such complaint).
 */
export function setKnowledgeId(conn: Connection, complaintId: string, knowledgeId: string): Promise<boolean> {
  return updateComplaint(conn, complaintId, { knowledgeId: mongoose.trusted({ $ne: knowledgeId }) }, { $set: { knowledgeId } });
}
