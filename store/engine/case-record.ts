/** The case read model: one document per case, rebuilt from the workflow at each state change. */
import { Schema, type Connection, type Model } from 'mongoose';

export interface CaseRecordDoc {
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
}

const caseRecordSchema = new Schema<CaseRecordDoc>(
  {
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
  },
  { strict: 'throw', versionKey: false, collection: 'case_records' },
);

/** The case record model bound to a connection. */
export function caseRecordModel(conn: Connection): Model<CaseRecordDoc> {
  return (conn.models.CaseRecord as Model<CaseRecordDoc> | undefined) ?? conn.model<CaseRecordDoc>('CaseRecord', caseRecordSchema);
}
