/**
 * Event logs: created with their metadata (format, CSV column mapping, process version and touchpoint),
 * then filled by streaming the file to `/content`; or snapshotted from the engine's trace events.
 * Every stored log exports as XES.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Connection } from 'mongoose';
import { xesHeader, xesTrace, XES_FOOTER, type XesTrace } from '../../core/eventlog';
import { ENGINE_LOG_HEADER, engineCases, engineTraceToXes } from '../../activities/conformance/engine-traces';
import { definitions } from '../../store/definitions';
import { decodeXes, encodeXes, eventLogs, eventLogTraces, type EventLogDoc, type XesHeader } from '../../store/eventlogs';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';
import type { CreateLogBody, EngineLogBody, LogListQuery } from './eventlogs.schemas';
import { importLog } from './import-log';

/** Fails with 422 naming the field when the process version a log is attached to does not exist. */
async function checkAttachment(db: Connection, processId?: string, version?: number): Promise<void> {
  if (!processId) return;
  const q: Record<string, unknown> = { processId };
  if (version !== undefined) q.version = version;
  if (!(await definitions(db).exists(q))) {
    const field = version !== undefined ? 'body.version' : 'body.processId';
    throw AppError.unprocessable(`no deployed process ${processId}${version !== undefined ? ` version ${version}` : ''}`, [
      { field, message: 'not deployed' },
    ]);
  }
}

function emptyLog(base: Pick<EventLogDoc, 'name' | 'format' | 'processId' | 'version' | 'touchpoint' | 'createdBy'>): EventLogDoc {
  return {
    _id: randomUUID(),
    ...base,
    status: 'awaiting-upload',
    counts: { bytes: 0, rows: 0, traces: 0, events: 0, rejected: 0 },
    rowErrors: [],
    header: '',
    createdAt: new Date(),
  };
}

export async function createLog(db: Connection, body: CreateLogBody, user: Principal): Promise<EventLogDoc> {
  await checkAttachment(db, body.processId, body.version);
  const doc = emptyLog({ name: body.name, format: body.format, processId: body.processId, version: body.version, touchpoint: body.touchpoint, createdBy: user.username });
  if (body.mapping) doc.mapping = body.mapping;
  if (body.separator) doc.separator = body.separator;
  await eventLogs(db).collection.insertOne(doc as never);
  return doc;
}

export async function getLog(db: Connection, id: string): Promise<EventLogDoc> {
  const log = await eventLogs(db).findById(id, { header: 0 }).lean();
  if (!log) throw AppError.notFound('event log');
  return log;
}

export async function listLogs(db: Connection, q: LogListQuery): Promise<{ items: EventLogDoc[]; page: number; pageSize: number; total: number }> {
  const filter: Record<string, unknown> = {};
  if (q.processId) filter.processId = q.processId;
  if (q.version !== undefined) filter.version = q.version;
  if (q.touchpoint) filter.touchpoint = q.touchpoint;
  const Logs = eventLogs(db);
  const [items, total] = await Promise.all([
    Logs.find(filter, { rowErrors: 0, header: 0 }).sort({ createdAt: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
    Logs.countDocuments(filter),
  ]);
  return { items, page: q.page, pageSize: q.pageSize, total };
}

/**
 * Streams the request body into the log. Only a log awaiting its upload accepts one (a second upload
 * is a 409); an upload that cannot be read at all answers 422 with the reason (the log keeps it too).
 */
export async function uploadContent(db: Connection, id: string, req: Request): Promise<EventLogDoc> {
  const claimed = await eventLogs(db).updateOne({ _id: id, status: 'awaiting-upload' }, { $set: { status: 'importing' } });
  if (claimed.matchedCount === 0) {
    await getLog(db, id);
    throw AppError.conflict('this event log already has its content');
  }
  const log = await getLog(db, id);
  const body = typeof req.body === 'string' ? req.body : req;
  const done = await importLog(db, log, body);
  if (done.status === 'failed') {
    throw AppError.unprocessable(`the upload could not be imported: ${done.failure ?? 'unknown reason'}`, [
      { field: 'body', message: done.failure ?? 'unreadable' },
    ]);
  }
  return done;
}

/** Writes a log as an XES document, one trace at a time, honouring back-pressure. */
export async function streamXes(res: Response, header: Parameters<typeof xesHeader>[0], traces: AsyncIterable<XesTrace>, filename: string): Promise<void> {
  res.status(200).type('application/xml').setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  const write = async (s: string): Promise<void> => {
    if (!res.write(s)) await new Promise<void>((resolve) => res.once('drain', resolve));
  };
  await write(xesHeader(header));
  for await (const t of traces) await write(xesTrace(t));
  res.end(XES_FOOTER);
}

export async function exportLog(db: Connection, id: string, res: Response): Promise<void> {
  const log = await eventLogs(db).findById(id).lean();
  if (!log) throw AppError.notFound('event log');
  if (log.status !== 'done') throw AppError.conflict(`the event log is ${log.status}`);
  await streamXes(res, decodeXes<XesHeader>(log.header), storedTraces(db, id), `${log.name.replace(/[^\w.-]+/g, '_')}.xes`);
}

/** The traces of a stored log in order, decoded. */
export async function* storedTraces(db: Connection, logId: string): AsyncGenerator<XesTrace> {
  const cursor = eventLogTraces(db).find({ logId }, { attributes: 1, events: 1, _id: 0 }).sort({ index: 1 }).lean().cursor();
  for await (const t of cursor) yield { attributes: decodeXes(t.attributes), events: decodeXes(t.events) };
}

/** Snapshots the engine's trace events of a process (version, touchpoint) into a stored log. */
export async function logFromEngine(db: Connection, body: EngineLogBody, user: Principal): Promise<EventLogDoc> {
  await checkAttachment(db, body.processId, body.version);
  const doc = emptyLog({ name: body.name, format: 'engine', processId: body.processId, version: body.version, touchpoint: body.touchpoint, createdBy: user.username });
  doc.header = encodeXes(ENGINE_LOG_HEADER);
  doc.status = 'importing';
  await eventLogs(db).collection.insertOne(doc as never);
  const Traces = eventLogTraces(db);
  let traces = 0;
  let events = 0;
  for await (const c of engineCases(db, body)) {
    const t = engineTraceToXes(c.caseId, c.events);
    await Traces.collection.insertOne({ _id: randomUUID(), logId: doc._id, index: traces, caseId: c.caseId, attributes: encodeXes(t.attributes), events: encodeXes(t.events), eventCount: t.events.length } as never);
    traces += 1;
    events += t.events.length;
  }
  await eventLogs(db).updateOne(
    { _id: doc._id },
    { $set: { status: 'done', counts: { bytes: 0, rows: 0, traces, events, rejected: 0 }, finishedAt: new Date() } },
  );
  return getLog(db, doc._id);
}

export async function deleteLog(db: Connection, id: string): Promise<void> {
  await getLog(db, id);
  await eventLogTraces(db).deleteMany({ logId: id });
  await eventLogs(db).deleteOne({ _id: id });
}
