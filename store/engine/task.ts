/**
 * User task documents: the inbox. One per (caseId, elementId, tokenId); written idempotently by upsert.
 * New tasks are keyed by `_id` = task id so the case view reads them by key (FerretDB 1.x pushes only
 * `{ _id }` filters down to SQLite; see store/engine/case-record.ts). A task whose id was set aside for a
 * later round (complaint handling renames closed tasks) keeps its old `_id`, so lookups check `taskId`.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface TaskDoc {
  _id?: unknown;
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
    _id: { type: Schema.Types.Mixed },
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

taskSchema.pre('validate', function keyByTaskId() {
  if (this._id === undefined || this._id === null) this._id = this.taskId;
});

/** The task model bound to a connection. */
export function taskModel(conn: Connection): Model<TaskDoc> {
  return (conn.models.Task as Model<TaskDoc> | undefined) ?? conn.model<TaskDoc>('Task', taskSchema);
}

/** The tasks with these ids, in that order (missing ones left out): by key, else by the `taskId` field. */
export async function findTasksByIds(conn: Connection, taskIds: readonly string[], projection: Record<string, 0 | 1> = { _id: 0 }): Promise<TaskDoc[]> {
  const Tasks = taskModel(conn);
  // The lookup compares taskId, so an inclusion projection must carry it (an exclusion one does).
  const inclusive = Object.entries(projection).some(([k, v]) => k !== '_id' && v === 1);
  const byKeyProjection = inclusive ? { ...projection, taskId: 1 as const } : projection;
  const found = await Promise.all(
    taskIds.map(async (taskId) => {
      const byKey = await Tasks.findById(taskId, byKeyProjection).lean();
      // The key may belong to an earlier round's task whose id was renamed; then ask by field.
      if (byKey && byKey.taskId === taskId) return byKey;
      return Tasks.findOne({ taskId }, projection).lean();
    }),
  );
  return found.filter((t): t is NonNullable<typeof t> => t !== null);
}
