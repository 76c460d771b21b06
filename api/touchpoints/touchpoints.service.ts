/**
 * The touchpoint map: businesses × channels (× segments), one process per touchpoint; the matrix
 * view and the blind-spot report. Assignments are audited.
 */
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { contacts } from '../../store/contacts';
import { definitions } from '../../store/definitions';
import {
  DEFAULT_CHANNELS,
  businesses,
  channels,
  segments,
  touchpointCode,
  touchpoints,
  type BusinessDoc,
  type TouchpointDoc,
} from '../../store/touchpoints';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';
import type { businessBody, businessPatch, processRef, touchpointBody } from './touchpoints.schemas';

const isDup = (err: unknown): boolean => (err as { code?: number }).code === 11000;

/** Inserts the standard channels once; later runs leave edited names alone. */
export async function seedChannels(conn: Connection): Promise<void> {
  const Channels = channels(conn);
  for (const c of DEFAULT_CHANNELS) {
    try {
      await Channels.collection.insertOne({ ...c } as never);
    } catch (err) {
      if (!isDup(err)) throw err;
    }
  }
}

export async function createBusiness(conn: Connection, input: z.infer<typeof businessBody>, actor: Principal): Promise<BusinessDoc> {
  const { code, ...rest } = input;
  try {
    const doc = (await businesses(conn).create({ _id: code, ...rest })).toObject();
    await appendAudit(conn, { actor: actor.username, action: 'business.create', target: code, after: doc });
    return doc;
  } catch (err) {
    if (isDup(err)) throw AppError.conflict(`business ${code} exists`);
    throw err;
  }
}

export async function updateBusiness(conn: Connection, code: string, patch: z.infer<typeof businessPatch>, actor: Principal): Promise<BusinessDoc> {
  const before = await businesses(conn).findById(code).lean();
  if (!before) throw AppError.notFound('business');
  const after = await businesses(conn).findByIdAndUpdate(code, { $set: patch }, { new: true }).lean();
  await appendAudit(conn, { actor: actor.username, action: 'business.update', target: code, before, after });
  return after ?? before;
}

export async function createNamed(conn: Connection, kind: 'channel' | 'segment', input: { code: string; name: string }, actor: Principal): Promise<{ _id: string; name: string }> {
  const Model = kind === 'channel' ? channels(conn) : segments(conn);
  try {
    await Model.collection.insertOne({ _id: input.code, name: input.name } as never);
  } catch (err) {
    if (isDup(err)) throw AppError.conflict(`${kind} ${input.code} exists`);
    throw err;
  }
  const doc = { _id: input.code, name: input.name };
  await appendAudit(conn, { actor: actor.username, action: `${kind}.create`, target: input.code, after: doc });
  return doc;
}

async function checkProcess(conn: Connection, ref: { processId?: string; version?: number }): Promise<void> {
  if (!ref.processId) {
    if (ref.version) throw AppError.badRequest('version needs a processId', [{ field: 'body.version', message: 'needs processId' }]);
    return;
  }
  const filter = ref.version ? { processId: ref.processId, version: ref.version } : { processId: ref.processId, retired: false };
  const exists = await definitions(conn).exists(filter);
  if (!exists) throw AppError.unprocessable(`no deployed definition ${ref.processId}${ref.version ? ` version ${ref.version}` : ''}`, [{ field: 'body.processId', message: 'not deployed' }]);
}

export async function createTouchpoint(conn: Connection, input: z.infer<typeof touchpointBody>, actor: Principal): Promise<TouchpointDoc> {
  const [b, c, s] = await Promise.all([
    businesses(conn).exists({ _id: input.business }),
    channels(conn).exists({ _id: input.channel }),
    input.segment ? segments(conn).exists({ _id: input.segment }) : Promise.resolve(true),
  ]);
  const missing = [!b && 'business', !c && 'channel', !s && 'segment'].filter((x): x is string => !!x);
  if (missing.length) throw AppError.unprocessable(`unknown ${missing.join(', ')}`, missing.map((m) => ({ field: `body.${m}`, message: 'not defined' })));
  await checkProcess(conn, input);
  const code = touchpointCode(input.channel, input.business, input.segment);
  const doc = { _id: code, ...input, updatedAt: new Date() };
  try {
    await touchpoints(conn).collection.insertOne(doc as never);
  } catch (err) {
    if (isDup(err)) throw AppError.conflict(`touchpoint ${code} exists`);
    throw err;
  }
  await appendAudit(conn, { actor: actor.username, action: 'touchpoint.create', target: code, after: doc });
  return doc;
}

export async function assignProcess(conn: Connection, code: string, ref: z.infer<typeof processRef>, actor: Principal): Promise<TouchpointDoc> {
  const before = await touchpoints(conn).findById(code).lean();
  if (!before) throw AppError.notFound('touchpoint');
  await checkProcess(conn, ref);
  const update = ref.version ? { $set: { processId: ref.processId, version: ref.version } } : { $set: { processId: ref.processId }, $unset: { version: 1 } };
  const after = await touchpoints(conn).findByIdAndUpdate(code, update, { new: true }).lean();
  await appendAudit(conn, {
    actor: actor.username,
    action: 'touchpoint.assign',
    target: code,
    before: { processId: before.processId ?? null, version: before.version ?? null },
    after: { processId: ref.processId, version: ref.version ?? null },
  });
  return after ?? before;
}

/**
 * Deletes a touchpoint that no contact has used yet. Once contacts were routed through it, it is
 * part of their cases' history: the answer is 409 and the touchpoint stays (reassign its process instead).
 */
export async function deleteTouchpoint(conn: Connection, code: string, actor: Principal): Promise<{ deleted: string }> {
  const before = await touchpoints(conn).findById(code).lean();
  if (!before) throw AppError.notFound('touchpoint');
  const used = await contacts(conn).countDocuments({ touchpoint: code });
  if (used > 0) throw AppError.conflict(`touchpoint ${code} has routed ${used} contact(s); it is kept for their history (assign another process instead)`);
  await touchpoints(conn).deleteOne({ _id: code });
  await appendAudit(conn, { actor: actor.username, action: 'touchpoint.delete', target: code, before });
  return { deleted: code };
}

export function listTouchpoints(conn: Connection, q: { business?: string; channel?: string; segment?: string }): Promise<TouchpointDoc[]> {
  const filter: Record<string, string> = {};
  if (q.business) filter.business = q.business;
  if (q.channel) filter.channel = q.channel;
  if (q.segment) filter.segment = q.segment;
  return touchpoints(conn).find(filter).sort({ _id: 1 }).lean();
}

export async function getTouchpoint(conn: Connection, code: string): Promise<TouchpointDoc> {
  const t = await touchpoints(conn).findById(code).lean();
  if (!t) throw AppError.notFound('touchpoint');
  return t;
}

/** The process map: one row per business, one cell per channel listing the touchpoints there. */
export async function matrix(conn: Connection): Promise<{
  channels: { code: string; name: string }[];
  rows: { business: string; name: string; class: string; cells: Record<string, { code: string; segment?: string; processId?: string; version?: number }[]> }[];
}> {
  const [bs, cs, ts] = await Promise.all([
    businesses(conn).find({}).sort({ _id: 1 }).lean(),
    channels(conn).find({}).sort({ _id: 1 }).lean(),
    touchpoints(conn).find({}).lean(),
  ]);
  const rows = bs.map((b) => {
    const cells: Record<string, { code: string; segment?: string; processId?: string; version?: number }[]> = {};
    for (const c of cs) cells[c._id] = [];
    for (const t of ts.filter((t) => t.business === b._id)) {
      (cells[t.channel] ??= []).push({ code: t._id, segment: t.segment, processId: t.processId, version: t.version });
    }
    return { business: b._id, name: b.name, class: b.class, cells };
  });
  return { channels: cs.map((c) => ({ code: c._id, name: c.name })), rows };
}

/** Blind spots (touchpoints with no live process) and deployed processes serving no touchpoint. */
export async function report(conn: Connection): Promise<{
  blindSpots: { code: string; reason: string }[];
  processesWithoutTouchpoint: string[];
}> {
  const [ts, defs] = await Promise.all([
    touchpoints(conn).find({}).lean(),
    definitions(conn).find({}, { processId: 1, version: 1, retired: 1 }).lean(),
  ]);
  const live = new Set(defs.filter((d) => !d.retired).map((d) => d.processId));
  const versions = new Set(defs.map((d) => `${d.processId}:${d.version}`));
  const blindSpots: { code: string; reason: string }[] = [];
  for (const t of ts) {
    if (!t.processId) blindSpots.push({ code: t._id, reason: 'no process assigned' });
    else if (t.version ? !versions.has(`${t.processId}:${t.version}`) : !live.has(t.processId)) {
      blindSpots.push({ code: t._id, reason: `process ${t.processId} has no deployable version` });
    }
  }
  const served = new Set(ts.map((t) => t.processId).filter(Boolean));
  const processesWithoutTouchpoint = [...live].filter((p) => !served.has(p)).sort();
  return { blindSpots, processesWithoutTouchpoint };
}
