/** Trace events: every token move of a case, in order (seq), the input of conformance checking and XES export. */
import { Schema, type Connection, type Model } from 'mongoose';

export interface TraceEventDoc {
  caseId: string;
  seq: number;
  processId: string;
  definitionId: string;
  version: number;
  xmlHash: string;
  elementId: string;
  elementType: string;
  elementName?: string;
  tokenId?: string;
  /** `compensate`: a completed activity was compensated (its handler ran). */
  lifecycle: 'start' | 'complete' | 'cancel' | 'skip' | 'move' | 'incident' | 'compensate';
  at: Date;
  actor?: string;
  reason?: string;
  /** When the event was written (wall clock of the writer): incremental readers take events by this, not `at`. */
  recordedAt?: Date;
}

const traceEventSchema = new Schema<TraceEventDoc>(
  {
    caseId: { type: String, required: true },
    seq: { type: Number, required: true },
    processId: { type: String, required: true },
    definitionId: { type: String, required: true },
    version: { type: Number, required: true },
    xmlHash: { type: String, required: true },
    elementId: { type: String, required: true },
    elementType: { type: String, required: true },
    elementName: String,
    tokenId: String,
    lifecycle: { type: String, enum: ['start', 'complete', 'cancel', 'skip', 'move', 'incident', 'compensate'], required: true },
    at: { type: Date, required: true },
    actor: String,
    reason: String,
    recordedAt: Date,
  },
  { strict: 'throw', versionKey: false, collection: 'trace_events' },
);
traceEventSchema.index({ caseId: 1, seq: 1 }, { unique: true });
traceEventSchema.index({ processId: 1, recordedAt: 1 });

/** The trace event model bound to a connection. */
export function traceEventModel(conn: Connection): Model<TraceEventDoc> {
  return (conn.models.TraceEvent as Model<TraceEventDoc> | undefined) ?? conn.model<TraceEventDoc>('TraceEvent', traceEventSchema);
}
