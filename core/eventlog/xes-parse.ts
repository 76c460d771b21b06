import { SaxesParser } from 'saxes';
import {
  type XesAttribute,
  type XesAttributeType,
  XesError,
  type XesEvent,
  type XesLog,
  type XesTrace,
} from './xes-types';

const ATTRIBUTE_TAGS = new Set<string>([
  'string',
  'date',
  'int',
  'float',
  'boolean',
  'id',
  'list',
  'container',
  'values',
]);

export interface XesParserHandlers {
  /** Called with each trace as soon as it is complete (for streaming imports). */
  onTrace?: (trace: XesTrace, index: number) => void;
  /** Keep traces in the returned log (default true); set false for huge logs handled in `onTrace`. */
  retainTraces?: boolean;
}

/** Parses an XES date: ISO 8601 with or without offset (no offset = UTC, as OpenXES does). */
export function parseXesDate(text: string): number | undefined {
  const trimmed = text.trim();
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed);
  const ms = Date.parse(hasZone || !trimmed.includes('T') ? trimmed : `${trimmed}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A streaming XES parser: feed chunks with `write`, then `close` to get the log. Memory stays
 * proportional to one trace when `retainTraces` is false.
 */
export class XesParser {
  private readonly sax = new SaxesParser({ position: true });
  private readonly log: XesLog = {
    logAttributes: {},
    extensions: [],
    globals: [],
    classifiers: [],
    attributes: [],
    traces: [],
  };
  /** Open attribute containers: an element's attribute list or an attribute's children. */
  private readonly stack: { tag: string; list?: XesAttribute[]; attr?: XesAttribute }[] = [];
  private trace?: XesTrace;
  private event?: XesEvent;
  private traceCount = 0;
  private sawLog = false;

  constructor(private readonly handlers: XesParserHandlers = {}) {
    this.sax.on('opentag', (tag) => this.open(tag.name, tag.attributes as Record<string, string>));
    this.sax.on('closetag', (tag) => this.close_(tag.name));
    this.sax.on('error', (err) => {
      throw new XesError(`Malformed XES: ${err.message}`, this.sax.line, this.sax.column);
    });
  }

  private fail(message: string): never {
    throw new XesError(message, this.sax.line, this.sax.column);
  }

  private currentList(): XesAttribute[] {
    const top = this.stack[this.stack.length - 1];
    if (!top?.list) this.fail('Attribute outside a log, trace, event, global or attribute');
    return top.list;
  }

  private open(name: string, a: Record<string, string>): void {
    switch (name) {
      case 'log':
        this.sawLog = true;
        Object.assign(this.log.logAttributes, a);
        this.stack.push({ tag: name, list: this.log.attributes });
        return;
      case 'extension':
        this.log.extensions.push({ name: a.name ?? '', prefix: a.prefix ?? '', uri: a.uri ?? '' });
        this.stack.push({ tag: name });
        return;
      case 'global': {
        const g = { scope: a.scope ?? 'event', attributes: [] };
        this.log.globals.push(g);
        this.stack.push({ tag: name, list: g.attributes });
        return;
      }
      case 'classifier': {
        const { name: cname, keys, ...extra } = a;
        this.log.classifiers.push({
          name: cname ?? '',
          keys: keys ?? '',
          ...(Object.keys(extra).length ? { extra } : {}),
        });
        this.stack.push({ tag: name });
        return;
      }
      case 'trace':
        this.trace = { attributes: [], events: [] };
        this.stack.push({ tag: name, list: this.trace.attributes });
        return;
      case 'event':
        this.event = { attributes: [] };
        this.stack.push({ tag: name, list: this.event.attributes });
        return;
    }
    if (!ATTRIBUTE_TAGS.has(name)) {
      this.stack.push({ tag: name });
      return;
    }
    if (name === 'values') {
      // The element list of a `<list>`: its children are the list's items.
      const top = this.stack[this.stack.length - 1];
      this.stack.push({ tag: name, list: top?.attr?.children ?? this.currentList() });
      return;
    }
    const attr = this.attribute(name as XesAttributeType, a);
    this.currentList().push(attr);
    const children = attr.children ?? [];
    attr.children = children;
    this.stack.push({ tag: name, list: children, attr });
  }

  private attribute(type: XesAttributeType, a: Record<string, string>): XesAttribute {
    const key = a.key;
    if (key === undefined) this.fail(`<${type}> without a key`);
    const raw = a.value;
    if (type === 'list' || type === 'container') return { type, key, children: [] };
    if (raw === undefined) this.fail(`<${type} key="${key}"> without a value`);
    switch (type) {
      case 'string':
      case 'id':
        return { type, key, value: raw };
      case 'int': {
        if (!/^[+-]?\d+$/.test(raw.trim())) this.fail(`<int key="${key}"> has non-integer value "${raw}"`);
        return { type, key, value: Number(raw) };
      }
      case 'float': {
        const t = raw.trim();
        const v = t === 'INF' ? Infinity : t === '-INF' ? -Infinity : Number(t);
        if (raw.trim() === '' || Number.isNaN(v)) this.fail(`<float key="${key}"> has non-numeric value "${raw}"`);
        return { type, key, value: v };
      }
      case 'boolean': {
        const v = raw.trim().toLowerCase();
        if (v !== 'true' && v !== 'false') this.fail(`<boolean key="${key}"> has value "${raw}"`);
        return { type, key, value: v === 'true' };
      }
      case 'date': {
        const ms = parseXesDate(raw);
        if (ms === undefined) this.fail(`<date key="${key}"> has unparsable value "${raw}"`);
        return { type, key, value: ms, text: raw };
      }
    }
  }

  private close_(name: string): void {
    const top = this.stack.pop();
    if (top?.attr && top.attr.children?.length === 0 && top.attr.type !== 'list' && top.attr.type !== 'container') {
      delete top.attr.children;
    }
    if (name === 'event' && this.event) {
      if (this.trace) this.trace.events.push(this.event);
      else this.fail('<event> outside a trace is not supported');
      this.event = undefined;
    } else if (name === 'trace' && this.trace) {
      this.handlers.onTrace?.(this.trace, this.traceCount++);
      if (this.handlers.retainTraces !== false) this.log.traces.push(this.trace);
      this.trace = undefined;
    }
  }

  /** Feeds a chunk of the document. */
  write(chunk: string): this {
    this.sax.write(chunk);
    return this;
  }

  /** Ends the document and returns the log. */
  close(): XesLog {
    this.sax.close();
    if (!this.sawLog) throw new XesError('Not an XES document: no <log> element');
    return this.log;
  }
}

/** Parses a whole XES document held in memory. */
export function parseXes(xml: string, handlers: XesParserHandlers = {}): XesLog {
  return new XesParser(handlers).write(xml).close();
}
