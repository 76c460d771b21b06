import type { XesAttribute, XesLog, XesTrace } from './xes-types';

const escape = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');

function attrs(a: Record<string, string>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join('');
}

function valueText(a: XesAttribute): string | undefined {
  switch (a.type) {
    case 'list':
    case 'container':
      return undefined;
    case 'date':
      return a.text ?? new Date(a.value).toISOString();
    case 'boolean':
      return a.value ? 'true' : 'false';
    case 'int':
      return String(a.value);
    case 'float':
      // xs:double spells infinities INF and -INF.
      return a.value === Infinity ? 'INF' : a.value === -Infinity ? '-INF' : String(a.value);
    default:
      return a.value;
  }
}

function* attributeLines(list: XesAttribute[], indent: string): Generator<string> {
  for (const a of list) {
    const value = valueText(a);
    const head = `${indent}<${a.type} key="${escape(a.key)}"${value === undefined ? '' : ` value="${escape(value)}"`}`;
    const children = a.children ?? [];
    if (a.type === 'list') {
      yield `${head}>\n${indent}  <values>\n`;
      yield* attributeLines(children, `${indent}    `);
      yield `${indent}  </values>\n${indent}</list>\n`;
    } else if (children.length === 0) {
      yield `${head}/>\n`;
    } else {
      yield `${head}>\n`;
      yield* attributeLines(children, `${indent}  `);
      yield `${indent}</${a.type}>\n`;
    }
  }
}

/** The XML declaration, `<log>` opening tag and everything of the log before its first trace. */
export function xesHeader(log: Omit<XesLog, 'traces'>): string {
  const logAttrs = { 'xes.version': '1849-2016', 'xes.features': 'nested-attributes', ...log.logAttributes };
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<log${attrs(logAttrs)}>\n`;
  for (const e of log.extensions) out += `  <extension${attrs({ name: e.name, prefix: e.prefix, uri: e.uri })}/>\n`;
  for (const g of log.globals) {
    out += `  <global${attrs({ scope: g.scope })}>\n`;
    for (const line of attributeLines(g.attributes, '    ')) out += line;
    out += '  </global>\n';
  }
  for (const c of log.classifiers) out += `  <classifier${attrs({ name: c.name, keys: c.keys, ...c.extra })}/>\n`;
  for (const line of attributeLines(log.attributes, '  ')) out += line;
  return out;
}

/** One `<trace>` element with its events. */
export function xesTrace(t: XesTrace): string {
  let out = '  <trace>\n';
  for (const line of attributeLines(t.attributes, '    ')) out += line;
  for (const ev of t.events) {
    out += '    <event>\n';
    for (const line of attributeLines(ev.attributes, '      ')) out += line;
    out += '    </event>\n';
  }
  return `${out}  </trace>\n`;
}

/** The closing tag of a log. */
export const XES_FOOTER = '</log>\n';

/** Serialises a log chunk by chunk (one trace at a time), for streaming exports. */
export function* xesChunks(log: XesLog): Generator<string> {
  yield xesHeader(log);
  for (const t of log.traces) yield xesTrace(t);
  yield XES_FOOTER;
}

/** Serialises a log to an XES document. */
export function serializeXes(log: XesLog): string {
  let out = '';
  for (const chunk of xesChunks(log)) out += chunk;
  return out;
}
