/**
 * Complaint records (the read model kept in step with the complaint process and its SLA clocks),
 * departments (who supervises and heads each), and the outbox that makes channel sends idempotent.
 */
import { Schema, type Connection, type Model } from 'mongoose';
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
      type: [new Schema({ at: Date, channel: String, to: String, body: String, by: String, key: String, providerId: String }, { _id: false })],
      default: [],
    },
    escalations: {
      type: [new Schema({ at: Date, round: Number, clock: String, kind: String, dueAt: Date, recipients: [String] }, { _id: false })],
      default: [],
    },
    satisfaction: { type: new Schema({ score: Number, satisfied: Boolean, comment: String, at: Date }, { _id: false }), required: false },
    timeline: { type: [new Schema({ at: Date, kind: String, detail: String, actor: String }, { _id: false })], default: [] },
    receivedAt: { type: Date, required: true },
    closedAt: Date,
    reopenUntil: Date,
    knowledgeId: String,
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
export const departments = (conn: Connection): Model<DepartmentDoc> => modelOn(conn, 'ComplaintDepartment', departmentSchema);
export const outbound = (conn: Connection): Model<OutboundDoc> => modelOn(conn, 'OutboundMessage', outboundSchema);

/** What intake knows of a new complaint. */
export type NewComplaint = Pick<ComplaintDoc, '_id' | 'customerId' | 'channel' | 'replyChannel' | 'replyTo' | 'text' | 'receivedAt'> &
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
