/**
 * Streams an uploaded XES or CSV body into a stored event log. Traces are written in batches as they
 * complete (XES) or at the end (CSV, whose rows of one case may be anywhere in the file); the log
 * document's counts are updated as the upload proceeds so that a client can poll progress.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Connection } from 'mongoose';
import { CsvImporter, type CsvColumnMapping, XesParser, type XesTrace } from '../../core/eventlog';
import { encodeXes, eventLogs, eventLogTraces, MAX_STORED_ERRORS, type EventLogDoc, type XesHeader } from '../../store/eventlogs';

/** Largest body an import accepts (bytes). */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
const BATCH = 200;
const PROGRESS_EVERY_MS = 200;

/** Thrown when an upload cannot be imported at all (malformed XES, too large); the message says where. */
export class ImportFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFailure';
  }
}

const caseIdOf = (t: XesTrace, index: number): string => {
  const a = t.attributes.find((x) => x.key === 'concept:name');
  return a && (a.type === 'string' || a.type === 'id') ? a.value : String(index);
};

/** The CSV mapping of a stored log, in the importer's terms (role and department become org:role / org:group). */
export function csvMappingOf(m: NonNullable<EventLogDoc['mapping']>): CsvColumnMapping {
  const extra: CsvColumnMapping['extra'] = {};
  if (m.role) extra[m.role] = { key: 'org:role' };
  if (m.department) extra[m.department] = { key: 'org:group' };
  return { case: m.case, activity: m.activity, timestamp: m.timestamp, resource: m.resource, extra };
}

/**
 * Imports `body` (a request stream, or a string an earlier body parser already read) into log `log`.
 * Resolves with the final log document; on failure the document records why and the traces written
 * so far are removed.
 */
export async function importLog(db: Connection, log: EventLogDoc, body: Readable | string): Promise<EventLogDoc> {
  const Logs = eventLogs(db);
  const Traces = eventLogTraces(db);
  const counts = { bytes: 0, rows: 0, traces: 0, events: 0, rejected: 0 };
  let pending: XesTrace[] = [];
  let lastProgress = 0;

  const writeTraces = async (traces: XesTrace[]): Promise<void> => {
    for (let i = 0; i < traces.length; i += BATCH) {
      const docs = traces.slice(i, i + BATCH).map((t, k) => ({
        _id: randomUUID(),
        logId: log._id,
        index: counts.traces + k,
        caseId: caseIdOf(t, counts.traces + k),
        attributes: encodeXes(t.attributes),
        events: encodeXes(t.events),
        eventCount: t.events.length,
      }));
      await Traces.collection.insertMany(docs as never[], { ordered: true });
      counts.traces += docs.length;
      counts.events += docs.reduce((n, d) => n + d.eventCount, 0);
    }
  };
  const progress = async (force = false): Promise<void> => {
    const now = Date.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    await Logs.updateOne({ _id: log._id }, { $set: { counts: { ...counts } } });
  };

  const xes = log.format === 'xes' ? new XesParser({ retainTraces: false, onTrace: (t) => pending.push(t) }) : undefined;
  const csv =
    log.format === 'csv' && log.mapping ? new CsvImporter(csvMappingOf(log.mapping), { separator: log.separator }) : undefined;
  if (!xes && !csv) throw new ImportFailure(`cannot import a log of format ${log.format}`);

  const feed = async (chunk: string): Promise<void> => {
    counts.bytes += Buffer.byteLength(chunk);
    if (counts.bytes > MAX_IMPORT_BYTES) throw new ImportFailure(`upload exceeds ${MAX_IMPORT_BYTES} bytes`);
    if (xes) {
      xes.write(chunk);
      if (pending.length >= BATCH) {
        const batch = pending;
        pending = [];
        await writeTraces(batch);
      }
    } else if (csv) {
      csv.push(chunk);
      const p = csv.progress;
      counts.rows = p.rows;
      counts.rejected = p.rejected;
    }
    await progress();
  };

  await Logs.updateOne({ _id: log._id }, { $set: { status: 'importing' } });
  try {
    if (typeof body === 'string') await feed(body);
    else {
      body.setEncoding('utf8');
      for await (const chunk of body) await feed(chunk as string);
    }
    let header: XesHeader | undefined;
    let rowErrors: EventLogDoc['rowErrors'] = [];
    if (xes) {
      const parsed = xes.close();
      await writeTraces(pending);
      pending = [];
      header = {
        logAttributes: parsed.logAttributes,
        extensions: parsed.extensions,
        globals: parsed.globals,
        classifiers: parsed.classifiers,
        attributes: parsed.attributes,
      };
    } else if (csv) {
      const result = csv.end();
      counts.rows = result.rows;
      counts.rejected = result.errors.length;
      rowErrors = result.errors.slice(0, MAX_STORED_ERRORS);
      header = {
        logAttributes: result.log.logAttributes,
        extensions: result.log.extensions,
        globals: result.log.globals,
        classifiers: result.log.classifiers,
        attributes: result.log.attributes,
      };
      await progress(true);
      await writeTraces(result.log.traces);
    }
    await Logs.updateOne(
      { _id: log._id },
      { $set: { header: encodeXes(header), status: 'done', counts: { ...counts }, rowErrors, finishedAt: new Date() } },
    );
  } catch (err) {
    const failure = err instanceof Error ? err.message : String(err);
    await Traces.deleteMany({ logId: log._id });
    await Logs.updateOne(
      { _id: log._id },
      { $set: { status: 'failed', failure, counts: { ...counts, traces: 0, events: 0 }, finishedAt: new Date() } },
    );
  }
  return (await Logs.findById(log._id, { header: 0 }).lean()) as EventLogDoc;
}
