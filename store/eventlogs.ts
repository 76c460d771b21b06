/**
 * Stored event logs: imported XES or CSV files and snapshots of the engine's trace events, each
 * attached to a process version and a touchpoint. A log document is also its import job (status and
 * counts, polled while the upload streams); its traces are separate documents, one per case, so a
 * large log never has to fit in one document.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { XesLog } from '../core/eventlog';
import { modelOn } from './model';

export type EventLogFormat = 'xes' | 'csv' | 'engine';
export type EventLogStatus = 'awaiting-upload' | 'importing' | 'done' | 'failed';

export interface EventLogDoc {
  _id: string;
  name: string;
  format: EventLogFormat;
  processId?: string;
  version?: number;
  touchpoint?: string;
  /** CSV only: which column holds what. */
  mapping?: {
    case: string;
    activity: string;
    timestamp?: string;
    resource?: string;
    role?: string;
    department?: string;
  };
  separator?: string;
  status: EventLogStatus;
  /** Bytes, rows (CSV data rows), traces and events stored so far, and rows rejected. */
  counts: { bytes: number; rows: number; traces: number; events: number; rejected: number };
  /** Rejected rows by physical line (first {@link MAX_STORED_ERRORS}); `counts.rejected` has the total. */
  rowErrors: { line: number; message: string }[];
  /** Why the whole import failed (malformed XES, lost connection). */
  failure?: string;
  /** The XES header (log attributes, extensions, globals, classifiers, attributes), see {@link encodeXes}. */
  header: string;
  createdBy: string;
  createdAt: Date;
  finishedAt?: Date;
}

export const MAX_STORED_ERRORS = 1000;

const eventLogSchema = new Schema<EventLogDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    format: { type: String, enum: ['xes', 'csv', 'engine'], required: true },
    processId: String,
    version: Number,
    touchpoint: String,
    mapping: {
      type: new Schema(
        { case: String, activity: String, timestamp: String, resource: String, role: String, department: String },
        { _id: false, strict: 'throw' },
      ),
      required: false,
    },
    separator: String,
    status: { type: String, enum: ['awaiting-upload', 'importing', 'done', 'failed'], required: true },
    counts: {
      bytes: { type: Number, default: 0 },
      rows: { type: Number, default: 0 },
      traces: { type: Number, default: 0 },
      events: { type: Number, default: 0 },
      rejected: { type: Number, default: 0 },
    },
    rowErrors: { type: Schema.Types.Mixed, default: [] },
    failure: String,
    header: { type: String, default: '' },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: Date,
  },
  { collection: 'event_logs', versionKey: false, minimize: false, strict: 'throw' },
);
eventLogSchema.index({ processId: 1, version: 1 });

export interface EventLogTraceDoc {
  _id: string;
  logId: string;
  /** Position of the trace in the log (import order). */
  index: number;
  caseId: string;
  /** The trace's attributes and events, see {@link encodeXes}. */
  attributes: string;
  events: string;
  eventCount: number;
}

const eventLogTraceSchema = new Schema<EventLogTraceDoc>(
  {
    _id: { type: String, required: true },
    logId: { type: String, required: true },
    index: { type: Number, required: true },
    caseId: { type: String, required: true },
    attributes: { type: String, required: true },
    events: { type: String, required: true },
    eventCount: { type: Number, required: true },
  },
  { collection: 'event_log_traces', versionKey: false, minimize: false, strict: 'throw' },
);
eventLogTraceSchema.index({ logId: 1, index: 1 }, { unique: true });

export const eventLogs = (conn: Connection): Model<EventLogDoc> => modelOn(conn, 'EventLog', eventLogSchema);
export const eventLogTraces = (conn: Connection): Model<EventLogTraceDoc> =>
  modelOn(conn, 'EventLogTrace', eventLogTraceSchema);

/** The header of a log as stored. */
export type XesHeader = Omit<XesLog, 'traces'>;

/**
 * XES content is stored as JSON text: XES keys contain dots (`xes.version`) and floats may be
 * infinite or NaN, neither of which every MongoDB-protocol server accepts in a document. Non-finite
 * floats are written as strings and read back as numbers.
 */
export function encodeXes(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** Reads back what {@link encodeXes} wrote. */
export function decodeXes<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'float' && typeof (v as { value?: unknown }).value === 'string') {
      return { ...v, value: Number((v as { value: string }).value) };
    }
    return v;
  }) as T;
}
