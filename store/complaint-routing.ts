/**
 * What complaint assignment reads, kept in small documents keyed by `_id` so that choosing an agent
 * never scans the complaints: per agent the set of complaints the agent owns and has not closed
 * (`complaint_agents`, `_id` = agent id), per customer the agent who handled the customer last
 * (`complaint_customers`, `_id` = customer id).
 *
 * Why: FerretDB 1.x (SQLite) pushes down only a filter of exactly `{ _id: <string> }`; counting the open
 * complaints per owner, or finding the customer's latest complaint, read and decoded the whole
 * `complaints` collection at every assignment, so intake slowed down as the collection grew.
 * The open set is a set of complaint ids rather than a counter: adding or removing a complaint twice
 * (a retried activity) changes nothing, and a write lost to a crash is mended by the next one.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from './model';
import { withComplaintLock } from './complaints';

export interface AgentLoadDoc {
  /** The agent's user id. */
  _id: string;
  /** Complaints the agent owns that are not closed. */
  open: string[];
  updatedAt: Date;
}

const agentLoadSchema = new Schema<AgentLoadDoc>(
  {
    _id: { type: String, required: true },
    open: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'complaint_agents', versionKey: false, strict: 'throw' },
);

export interface CustomerRoutingDoc {
  /** The customer id. */
  _id: string;
  /** The agent who was last assigned one of this customer's complaints. */
  lastOwner: string;
  lastComplaintId: string;
  at: Date;
}

const customerRoutingSchema = new Schema<CustomerRoutingDoc>(
  {
    _id: { type: String, required: true },
    lastOwner: { type: String, required: true },
    lastComplaintId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'complaint_customers', versionKey: false, strict: 'throw' },
);

export const agentLoads = (conn: Connection): Model<AgentLoadDoc> => modelOn(conn, 'ComplaintAgentLoad', agentLoadSchema);
export const customerRouting = (conn: Connection): Model<CustomerRoutingDoc> =>
  modelOn(conn, 'ComplaintCustomerRouting', customerRoutingSchema);

/** The lock key of an agent's load document (the complaint lock collection serialises its writers too). */
const agentKey = (agentId: string): string => `agent:${agentId}`;

/** How many open complaints each agent owns (one keyed read per agent; an agent never assigned has 0). */
export async function openComplaintCounts(conn: Connection, agentIds: readonly string[]): Promise<Map<string, number>> {
  const Loads = agentLoads(conn);
  const docs = await Promise.all(agentIds.map((id) => Loads.findById(id, { open: 1 }).lean()));
  return new Map(agentIds.map((id, i) => [id, docs[i]?.open.length ?? 0]));
}

/** The agent who handled this customer last, if any (one keyed read). */
export async function lastOwnerOf(conn: Connection, customerId: string): Promise<string | undefined> {
  const doc = await customerRouting(conn).findById(customerId, { lastOwner: 1 }).lean();
  return doc?.lastOwner;
}

async function changeOpenSet(conn: Connection, agentId: string, complaintId: string, op: 'add' | 'remove'): Promise<void> {
  // Under a lock: FerretDB applies `$addToSet`/`$pull` by rewriting the whole document, so two
  // concurrent changes to one agent's set would lose one of them.
  await withComplaintLock(conn, agentKey(agentId), async () => {
    const update =
      op === 'add'
        ? { $addToSet: { open: complaintId }, $set: { updatedAt: new Date() } }
        : { $pull: { open: complaintId }, $set: { updatedAt: new Date() } };
    await agentLoads(conn).updateOne({ _id: agentId }, update, { upsert: op === 'add' });
  });
}

/**
 * Records that `owner` now owns the complaint (and, when it moved from another agent, that the other
 * no longer does) and that `owner` is the customer's last handler. Idempotent.
 */
export async function noteAssignment(
  conn: Connection,
  a: { complaintId: string; customerId: string; owner: string; previousOwner?: string },
): Promise<void> {
  await changeOpenSet(conn, a.owner, a.complaintId, 'add');
  if (a.previousOwner && a.previousOwner !== a.owner) await changeOpenSet(conn, a.previousOwner, a.complaintId, 'remove');
  // Last writer wins, which is what "last handler" means; no lock needed.
  await customerRouting(conn).updateOne(
    { _id: a.customerId },
    { $set: { lastOwner: a.owner, lastComplaintId: a.complaintId, at: new Date() } },
    { upsert: true },
  );
}

/** Records that the owner's complaint is closed (no longer counts toward the owner's load). Idempotent. */
export async function noteClosed(conn: Connection, complaintId: string, owner: string): Promise<void> {
  await changeOpenSet(conn, owner, complaintId, 'remove');
}
