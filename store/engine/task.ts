/** User task documents: the inbox. One per (caseId, elementId, tokenId); written idempotently by upsert. */
import { Schema, type Connection, type Model } from 'mongoose';

export interface TaskDoc {
  taskId: string;
  caseId: string;
  elementId: string;
  tokenId: string;
  name?: string;
  status: 'open' | 'completed' | 'cancelled';
  assignee?: string;
  candidateGroups: string[];
  department?: string;
  skills: string[];
  formKey?: string;
  form?: unknown;
  dueAt?: Date;
  createdAt: Date;
  closedAt?: Date;
  completedBy?: string;
  data?: Record<string, unknown>;
}

const taskSchema = new Schema<TaskDoc>(
  {
    taskId: { type: String, required: true, unique: true },
    caseId: { type: String, required: true, index: true },
    elementId: { type: String, required: true },
    tokenId: { type: String, required: true },
    name: String,
    status: { type: String, enum: ['open', 'completed', 'cancelled'], required: true },
    assignee: String,
    candidateGroups: { type: [String], default: [] },
    department: String,
    skills: { type: [String], default: [] },
    formKey: String,
    form: Schema.Types.Mixed,
    dueAt: Date,
    createdAt: { type: Date, required: true },
    closedAt: Date,
    completedBy: String,
    data: Schema.Types.Mixed,
  },
  { strict: 'throw', versionKey: false, collection: 'tasks' },
);

/** The task model bound to a connection. */
export function taskModel(conn: Connection): Model<TaskDoc> {
  return (conn.models.Task as Model<TaskDoc> | undefined) ?? conn.model<TaskDoc>('Task', taskSchema);
}
