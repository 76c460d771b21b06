import { CsvReader } from './csv-reader';
import { parseXesDate } from './xes-parse';
import type { XesAttribute, XesEvent, XesLog, XesTrace } from './xes-types';

/** Which CSV column (by header name) holds what. */
export interface CsvColumnMapping {
  case: string;
  activity: string;
  timestamp?: string;
  resource?: string;
  /** Further columns to keep: header name → XES key and type (default: same key, string). */
  extra?: Record<string, { key?: string; type?: 'string' | 'int' | 'float' | 'boolean' | 'date' } | undefined>;
}

export interface CsvImportOptions {
  separator?: string;
  /** Parses a timestamp cell to epoch ms; default ISO 8601 (no offset = UTC). */
  parseTimestamp?: (text: string) => number | undefined;
  /** Sort each case's events by timestamp (stable); default true. */
  sortByTimestamp?: boolean;
}

/** A row that could not be imported, by its physical line number (header = line 1). */
export interface CsvRowError {
  line: number;
  message: string;
}

export interface CsvImportResult {
  log: XesLog;
  rows: number;
  imported: number;
  errors: CsvRowError[];
}

const STANDARD_EXTENSIONS = [
  { name: 'Concept', prefix: 'concept', uri: 'http://www.xes-standard.org/concept.xesext' },
  { name: 'Time', prefix: 'time', uri: 'http://www.xes-standard.org/time.xesext' },
  { name: 'Organizational', prefix: 'org', uri: 'http://www.xes-standard.org/org.xesext' },
];

function typedCell(key: string, type: string, text: string): XesAttribute | string {
  switch (type) {
    case 'int':
      return /^[+-]?\d+$/.test(text.trim()) ? { type: 'int', key, value: Number(text) } : `"${text}" is not an integer`;
    case 'float': {
      const v = Number(text);
      return text.trim() !== '' && !Number.isNaN(v) ? { type: 'float', key, value: v } : `"${text}" is not a number`;
    }
    case 'boolean': {
      const v = text.trim().toLowerCase();
      return v === 'true' || v === 'false'
        ? { type: 'boolean', key, value: v === 'true' }
        : `"${text}" is not true/false`;
    }
    case 'date': {
      const ms = parseXesDate(text);
      return ms === undefined
        ? `"${text}" is not a date`
        : { type: 'date', key, value: ms, text: new Date(ms).toISOString() };
    }
    default:
      return { type: 'string', key, value: text };
  }
}

/**
 * A streaming CSV importer: `push` chunks, then `end` for the log. Each bad row is reported with its
 * line number and reason (missing case or activity, bad timestamp or typed cell, wrong field count);
 * good rows become events, grouped into traces by case in order of first appearance.
 */
export class CsvImporter {
  private readonly reader: CsvReader;
  private header?: string[];
  private index: Record<string, number> = {};
  private readonly traces = new Map<string, XesTrace>();
  private readonly errors: CsvRowError[] = [];
  private rows = 0;
  private imported = 0;

  constructor(
    private readonly mapping: CsvColumnMapping,
    private readonly options: CsvImportOptions = {},
  ) {
    this.reader = new CsvReader(options.separator ?? ',');
  }

  /** Progress so far: data rows read, events imported, rows rejected. */
  get progress(): { rows: number; imported: number; rejected: number } {
    return { rows: this.rows, imported: this.imported, rejected: this.errors.length };
  }

  push(chunk: string): this {
    for (const r of this.reader.push(chunk)) this.record(r.line, r.fields);
    return this;
  }

  end(): CsvImportResult {
    for (const r of this.reader.end()) this.record(r.line, r.fields);
    if (!this.header) this.errors.push({ line: 1, message: 'No header row' });
    const traces = [...this.traces.values()];
    if (this.options.sortByTimestamp !== false) {
      for (const t of traces) {
        const ts = (e: XesEvent): number => {
          const a = e.attributes.find((x) => x.key === 'time:timestamp');
          return a?.type === 'date' ? a.value : 0;
        };
        t.events = t.events
          .map((e, i) => ({ e, i }))
          .sort((a, b) => ts(a.e) - ts(b.e) || a.i - b.i)
          .map((x) => x.e);
      }
    }
    return {
      log: {
        logAttributes: { 'xes.version': '1849-2016', 'xes.features': 'nested-attributes' },
        extensions: STANDARD_EXTENSIONS.map((e) => ({ ...e })),
        globals: [],
        classifiers: [{ name: 'Activity', keys: 'concept:name' }],
        attributes: [],
        traces,
      },
      rows: this.rows,
      imported: this.imported,
      errors: this.errors,
    };
  }

  private record(line: number, fields: string[]): void {
    if (!this.header) {
      this.header = fields.map((f) => f.trim());
      this.header.forEach((h, i) => (this.index[h] ??= i));
      const needed = [
        this.mapping.case,
        this.mapping.activity,
        this.mapping.timestamp,
        this.mapping.resource,
        ...Object.keys(this.mapping.extra ?? {}),
      ];
      for (const col of needed) {
        if (col !== undefined && this.index[col] === undefined)
          this.errors.push({ line, message: `Header has no column "${col}"` });
      }
      return;
    }
    if (fields.length === 1 && fields[0].trim() === '') return;
    this.rows++;
    const problems: string[] = [];
    if (fields.length !== this.header.length)
      problems.push(`expected ${this.header.length} fields, found ${fields.length}`);
    const cell = (col: string | undefined): string | undefined =>
      col === undefined || this.index[col] === undefined ? undefined : fields[this.index[col]];
    const caseId = cell(this.mapping.case)?.trim();
    const activity = cell(this.mapping.activity)?.trim();
    if (!caseId) problems.push(`empty case ("${this.mapping.case}")`);
    if (!activity) problems.push(`empty activity ("${this.mapping.activity}")`);
    const attributes: XesAttribute[] = [{ type: 'string', key: 'concept:name', value: activity ?? '' }];
    if (this.mapping.timestamp !== undefined) {
      const text = cell(this.mapping.timestamp) ?? '';
      const ms = (this.options.parseTimestamp ?? parseXesDate)(text);
      if (ms === undefined || Number.isNaN(ms)) problems.push(`unparsable timestamp "${text}"`);
      else attributes.push({ type: 'date', key: 'time:timestamp', value: ms, text: new Date(ms).toISOString() });
    }
    const resource = cell(this.mapping.resource)?.trim();
    if (resource) attributes.push({ type: 'string', key: 'org:resource', value: resource });
    for (const [col, spec] of Object.entries(this.mapping.extra ?? {})) {
      const text = cell(col);
      if (text === undefined || text === '') continue;
      const typed = typedCell(spec?.key ?? col, spec?.type ?? 'string', text);
      if (typeof typed === 'string') problems.push(`column "${col}": ${typed}`);
      else attributes.push(typed);
    }
    if (problems.length > 0 || !caseId) {
      this.errors.push({ line, message: problems.join('; ') });
      return;
    }
    let trace = this.traces.get(caseId);
    if (!trace) {
      trace = { attributes: [{ type: 'string', key: 'concept:name', value: caseId }], events: [] };
      this.traces.set(caseId, trace);
    }
    trace.events.push({ attributes });
    this.imported++;
  }
}

/** Imports a whole CSV text. */
export function importCsv(text: string, mapping: CsvColumnMapping, options: CsvImportOptions = {}): CsvImportResult {
  return new CsvImporter(mapping, options).push(text).end();
}
