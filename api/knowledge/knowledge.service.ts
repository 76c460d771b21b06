/**
 * Knowledge base use cases: an agent approves a handled complaint or consultation into a Q&A entry
 * (the same question again raises the entry's frequency instead of duplicating it), agents search
 * by keywords, and the most frequent entries per business are listed.
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { keywords } from '../../core/complaints/tokenize';
import { complaints, setKnowledgeId } from '../../store/complaints';
import { countKnowledgeSource, knowledge, type KnowledgeDoc } from '../../store/knowledge';
import type { Principal } from '../auth/principal';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';

/** Entries are keyed by business and normalised question, so the same question is one entry. */
const entryId = (business: string, question: string): string =>
  `kb-${createHash('sha256').update(`${business}\n${keywords(question).sort().join(' ')}`).digest('hex').slice(0, 24)}`;

export async function approveFromComplaint(
  deps: AppDeps,
  complaintId: string,
  body: { question?: string; answer?: string; business?: string },
  user: Principal,
): Promise<{ entry: KnowledgeDoc; created: boolean }> {
  const C = complaints(deps.db);
  const c = await C.findById(complaintId).lean();
  if (!c) throw AppError.notFound('complaint');
  if (c.status !== 'closed') throw AppError.conflict(`complaint ${complaintId} is not closed (status ${c.status}); only handled items become knowledge`);
  const K = knowledge(deps.db);
  if (c.knowledgeId) {
    const existing = await K.findById(c.knowledgeId).lean();
    if (existing) return { entry: existing, created: false };
  }
  const answer = body.answer ?? c.replies[c.replies.length - 1]?.body;
  if (!answer) throw AppError.unprocessable('the complaint has no reply to use as the answer', [{ field: 'body.answer', message: 'required' }]);
  const question = body.question ?? c.text;
  const business = body.business ?? c.business ?? c.category ?? 'general';
  const id = entryId(business, question);
  const K2 = K.collection;
  let created = false;
  try {
    const now = new Date();
    await K2.insertOne({
      _id: id,
      business,
      department: c.department,
      category: c.category,
      question,
      answer,
      keywords: keywords(`${question} ${answer}`),
      frequency: 1,
      sources: [complaintId],
      approvedBy: user.username,
      createdAt: now,
      updatedAt: now,
    } as never);
    created = true;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    // The same question again: count it (once per complaint).
    await countKnowledgeSource(deps.db, id, complaintId);
  }
  await setKnowledgeId(deps.db, complaintId, id);
  const entry = await K.findById(id).lean();
  if (!entry) throw AppError.conflict('knowledge entry vanished; retry');
  return { entry, created };
}

export async function searchKnowledge(deps: AppDeps, q: string, business: string | undefined, limit: number): Promise<{ items: (KnowledgeDoc & { score: number })[] }> {
  const terms = keywords(q);
  if (terms.length === 0) return { items: [] };
  const filter: Record<string, unknown> = { keywords: mongoose.trusted({ $in: terms }) };
  if (business) filter.business = business;
  const docs = await knowledge(deps.db).find(filter).limit(500).lean();
  const scored = docs.map((d) => ({ ...d, score: terms.filter((t) => d.keywords.includes(t)).length / terms.length }));
  scored.sort((a, b) => b.score - a.score || b.frequency - a.frequency || a._id.localeCompare(b._id));
  return { items: scored.slice(0, limit) };
}

export async function listKnowledge(deps: AppDeps, business: string | undefined, limit: number): Promise<{ items: KnowledgeDoc[] }> {
  const filter: Record<string, unknown> = {};
  if (business) filter.business = business;
  return { items: await knowledge(deps.db).find(filter).sort({ frequency: -1, _id: 1 }).limit(limit).lean() };
}

/** An agent used an entry to answer someone: count it. */
export async function countUse(deps: AppDeps, id: string): Promise<{ frequency: number }> {
  const K = knowledge(deps.db);
  const res = await K.updateOne({ _id: id }, { $inc: { frequency: 1 } });
  if (res.matchedCount === 0) throw AppError.notFound('knowledge entry');
  const d = await K.findById(id, { frequency: 1 }).lean();
  return { frequency: d?.frequency ?? 0 };
}
