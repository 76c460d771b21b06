/**
 * The consultation knowledge base: question-and-answer entries by business, grown from handled
 * complaints and consultations after an agent approves them, with how often each comes up.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { withComplaintLock } from './complaints';
import { modelOn } from './model';

export interface KnowledgeDoc {
  _id: string;
  business: string;
  department?: string;
  category?: string;
  question: string;
  answer: string;
  /** Search keywords of question and answer (core/complaints keywords()). */
  keywords: string[];
  /** How many handled cases this entry answered, plus uses by agents. */
  frequency: number;
  sources: string[];
  approvedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const knowledgeSchema = new Schema<KnowledgeDoc>(
  {
    _id: { type: String, required: true },
    business: { type: String, required: true },
    department: String,
    category: String,
    question: { type: String, required: true },
    answer: { type: String, required: true },
    keywords: { type: [String], default: [] },
    frequency: { type: Number, default: 1 },
    sources: { type: [String], default: [] },
    approvedBy: { type: String, required: true },
  },
  { collection: 'knowledge', versionKey: false, timestamps: true, strict: 'throw' },
);
knowledgeSchema.index({ keywords: 1 });
knowledgeSchema.index({ business: 1, frequency: -1 });

export const knowledge = (conn: Connection): Model<KnowledgeDoc> => modelOn(conn, 'Knowledge', knowledgeSchema);

/**
 * Counts one more source (a handled complaint) for an existing entry, once per source, under a lock
 * keyed by the entry: FerretDB 1.x applies `$inc`/`$push` by rewriting the whole document, so two
 * agents approving the same question at once would otherwise lose one count. Returns whether it counted.
 */
export function countKnowledgeSource(conn: Connection, entryId: string, sourceId: string): Promise<boolean> {
  return withComplaintLock(conn, `knowledge:${entryId}`, async () => {
    // Checked on the entry read by key: on FerretDB a filter other than exactly `{ _id }` reads the collection.
    const entry = await knowledge(conn).findById(entryId, { sources: 1 }).lean();
    if (!entry || entry.sources.includes(sourceId)) return false;
    const res = await knowledge(conn).updateOne({ _id: entryId }, { $inc: { frequency: 1 }, $push: { sources: sourceId }, $set: { updatedAt: new Date() } });
    return res.modifiedCount === 1;
  });
}
