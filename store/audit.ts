/**
 * The append-only audit log. Each entry carries the hash of the previous one; `seq` is unique, so
 * two writers can never both append after the same entry (the loser re-reads the head and retries).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from './model';

export interface AuditDoc {
  _id: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
  prevHash: string;
  hash: string;
}

const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: String, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: String,
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_log', versionKey: false, minimize: false },
);
auditSchema.index({ seq: 1 }, { unique: true });
auditSchema.index({ action: 1, seq: -1 });

export const auditLog = (conn: Connection): Model<AuditDoc> => modelOn(conn, 'AuditEntry', auditSchema);
