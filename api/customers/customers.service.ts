/**
 * Customer records and their contact history across cases. Admins and operators see personal
 * data in full; every other role sees it masked.
 */
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { complaints } from '../../store/complaints';
import { contacts, customers, type CustomerDoc } from '../../store/contacts';
import { findCaseRecord } from '../../store/engine/case-record';
import { appendAudit } from '../audit/audit.service';
import { hasRole, type Principal } from '../auth/principal';
import { complaintSummary } from '../complaints/complaints.service';
import { AppError } from '../errors';
import type { customerBody, customerPatch } from './customers.schemas';
import { maskEmail, maskName, maskPhone } from './masking';

/** Whether the caller may see personal data unmasked. */
export const seesPersonalData = (p: Principal): boolean => hasRole(p, 'admin', 'operator');

export function present(c: CustomerDoc, p: Principal): CustomerDoc & { masked: boolean } {
  if (seesPersonalData(p)) return { ...c, masked: false };
  return { ...c, name: maskName(c.name), phones: c.phones.map(maskPhone), emails: c.emails.map(maskEmail), masked: true };
}

export async function createCustomer(conn: Connection, input: z.infer<typeof customerBody>, actor: Principal): Promise<CustomerDoc> {
  const { id, ...rest } = input;
  try {
    const doc = (await customers(conn).create({ _id: id, ...rest })).toObject();
    await appendAudit(conn, { actor: actor.username, action: 'customer.create', target: id });
    return doc;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw AppError.conflict(`customer ${id} exists`);
    throw err;
  }
}

export async function updateCustomer(conn: Connection, id: string, patch: z.infer<typeof customerPatch>, actor: Principal): Promise<CustomerDoc> {
  const before = await customers(conn).findById(id).lean();
  if (!before) throw AppError.notFound('customer');
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'consent' && v) for (const [ck, cv] of Object.entries(v as Record<string, boolean>)) set[`consent.${ck}`] = cv;
    else if (v !== undefined) set[k] = v;
  }
  const after = await customers(conn).findByIdAndUpdate(id, { $set: set }, { new: true }).lean();
  // Personal data stays out of the audit log: only which fields changed.
  await appendAudit(conn, { actor: actor.username, action: 'customer.update', target: id, after: { fields: Object.keys(patch).sort() } });
  return after ?? before;
}

export async function getCustomer(conn: Connection, id: string, p: Principal): Promise<CustomerDoc & { masked: boolean }> {
  const c = await customers(conn).findById(id).lean();
  if (!c) throw AppError.notFound('customer');
  return present(c, p);
}

export async function listCustomers(conn: Connection, q: { segment?: string; page: number; pageSize: number }, p: Principal): Promise<{ items: (CustomerDoc & { masked: boolean })[]; page: number; pageSize: number; total: number }> {
  const filter = q.segment ? { segment: q.segment } : {};
  const [items, total] = await Promise.all([
    customers(conn).find(filter).sort({ _id: 1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
    customers(conn).countDocuments(filter),
  ]);
  return { items: items.map((c) => present(c, p)), page: q.page, pageSize: q.pageSize, total };
}

/** How many entries of each kind a history returns at most (newest first). */
const HISTORY_LIMIT = 500;

/** The customer's contacts, newest first, each with the status of the case it started. */
async function contactEntries(conn: Connection, id: string, p: Principal): Promise<(Record<string, unknown> & { createdAt: Date })[]> {
  const list = await contacts(conn).find({ customerId: id }).sort({ createdAt: -1 }).limit(HISTORY_LIMIT).lean();
  const records = await Promise.all(list.map((c) => findCaseRecord(conn, c.caseId, { _id: 0, status: 1, startedAt: 1, endedAt: 1 })));
  const full = seesPersonalData(p);
  return list.map((c, i) => ({
    contactId: c._id,
    caseId: c.caseId,
    touchpoint: c.touchpoint,
    business: c.business,
    channel: c.channel,
    definitionId: c.definitionId,
    createdAt: c.createdAt,
    case: records[i] ?? null,
    ...(full ? { payload: c.payload } : {}),
  }));
}

/** Every contact of the customer, newest first, with the status of the case each one started. */
export async function contactHistory(conn: Connection, id: string, p: Principal): Promise<unknown[]> {
  const [customer, list] = await Promise.all([customers(conn).exists({ _id: id }), contactEntries(conn, id, p)]);
  if (!customer && list.length === 0) throw AppError.notFound('customer');
  return list;
}

export interface HistoryEntry {
  /** What the entry is (a complaint's own `kind` is its classification: consultation, complaint, …). */
  type: 'contact' | 'complaint';
  at: string;
  [field: string]: unknown;
}

/**
 * The customer's whole history, newest first: every contact (the case it started and its status)
 * and every complaint (status, SLA state, classification, owner; without its text), so an agent sees
 * at a glance what the customer has been through. Complaints carry their own links.
 */
export async function customerHistory(conn: Connection, id: string, p: Principal): Promise<{ customerId: string; items: HistoryEntry[] }> {
  const [customer, contactList, complaintList] = await Promise.all([
    customers(conn).exists({ _id: id }),
    contactEntries(conn, id, p),
    complaints(conn).find({ customerId: id }, { text: 0, timeline: 0, replies: 0 }).sort({ receivedAt: -1 }).limit(HISTORY_LIMIT).lean(),
  ]);
  if (!customer && contactList.length === 0 && complaintList.length === 0) throw AppError.notFound('customer');
  const items: HistoryEntry[] = [
    ...contactList.map((c) => ({ type: 'contact' as const, at: c.createdAt.toISOString(), ...c, links: { case: `/cases/${String(c.caseId)}` } })),
    ...complaintList.map((d) => ({ type: 'complaint' as const, at: d.receivedAt.toISOString(), ...complaintSummary(d, p), links: { complaint: `/complaints/${d._id}`, case: `/cases/${d._id}` } })),
  ];
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { customerId: id, items };
}
