/**
 * An IEEE 1849 (XES) event log held as plain data. Attributes are ordered lists (XES allows repeated
 * keys and nested meta-attributes), so that import → export keeps every attribute.
 */
export type XesAttribute =
  | { type: 'string' | 'id'; key: string; value: string; children?: XesAttribute[] }
  | { type: 'int' | 'float'; key: string; value: number; children?: XesAttribute[] }
  | { type: 'boolean'; key: string; value: boolean; children?: XesAttribute[] }
  /** `value` is epoch milliseconds; `text` keeps the lexical form read (offset and precision). */
  | { type: 'date'; key: string; value: number; text?: string; children?: XesAttribute[] }
  /** Lists hold their elements in `children`; containers their members. */
  | { type: 'list' | 'container'; key: string; children: XesAttribute[] };

export type XesAttributeType = XesAttribute['type'];

export interface XesExtension {
  name: string;
  prefix: string;
  uri: string;
}

export interface XesGlobal {
  scope: string;
  attributes: XesAttribute[];
}

export interface XesClassifier {
  name: string;
  keys: string;
  /** Any other XML attributes of the classifier element (e.g. `scope`). */
  extra?: Record<string, string>;
}

export interface XesEvent {
  attributes: XesAttribute[];
}

export interface XesTrace {
  attributes: XesAttribute[];
  events: XesEvent[];
}

export interface XesLog {
  /** XML attributes of the `<log>` element (`xes.version`, `xes.features`, `openxes.version`, …). */
  logAttributes: Record<string, string>;
  extensions: XesExtension[];
  globals: XesGlobal[];
  classifiers: XesClassifier[];
  attributes: XesAttribute[];
  traces: XesTrace[];
}

/** Thrown when an XES document is malformed; names the line and column. */
export class XesError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line !== undefined ? `${message} (line ${line}, column ${column ?? 0})` : message);
    this.name = 'XesError';
  }
}

/** The first attribute with `key`, or undefined. */
export function findAttribute(attributes: XesAttribute[], key: string): XesAttribute | undefined {
  return attributes.find((a) => a.key === key);
}
