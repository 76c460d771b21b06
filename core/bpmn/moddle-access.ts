import type { MElement } from './moddle';

/** Small typed readers over untyped moddle elements. */

export function isElement(value: unknown): value is MElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** A many-valued property as an array of elements (empty when absent). */
export function items(el: MElement | undefined, prop: string): MElement[] {
  const value = el?.[prop];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** A single-valued element property (e.g. a reference), or undefined. */
export function child(el: MElement | undefined, prop: string): MElement | undefined {
  const value = el?.[prop];
  return isElement(value) ? value : undefined;
}

/** A string-ish property: strings as they are, numbers and booleans as text, otherwise undefined. */
export function str(el: MElement | undefined, prop: string): string | undefined {
  const value = el?.[prop];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A property read through moddle's `get`, which also resolves namespaced extension attributes. */
export function getStr(el: MElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  let value: unknown;
  try {
    value = el.get(name);
  } catch {
    return undefined;
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function bool(el: MElement | undefined, prop: string, fallback: boolean): boolean {
  const value = el?.[prop];
  return typeof value === 'boolean' ? value : fallback;
}

/** The text body of a formal expression property (conditionExpression, timeDuration…), trimmed. */
export function body(el: MElement | undefined, prop: string): string | undefined {
  const expr = child(el, prop);
  const text = str(expr, 'body');
  return text === undefined ? undefined : text.trim();
}

/** Extension elements of the given moddle type(s). */
export function extensions(el: MElement | undefined, ...types: string[]): MElement[] {
  return items(child(el, 'extensionElements'), 'values').filter((v) => types.includes(v.$type));
}

/** Strips the leading `=` that Zeebe-style modelers put in front of FEEL expressions. */
export function feel(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
}

/** Removes keys whose value is undefined, so that equal graphs serialise to equal JSON. */
export function prune<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) {
    if (obj[key] === undefined) delete obj[key];
  }
  return obj;
}

export function splitList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return parts.length ? parts : undefined;
}

/** A name given either literally or as a FEEL string literal (`="send-mail"`), as zeebe modelers write it. */
export function literalName(text: string | undefined): string | undefined {
  const value = feel(text);
  if (value === undefined) return undefined;
  const quoted = /^"([^"\\]*)"$/.exec(value);
  return (quoted ? quoted[1] : value) || undefined;
}
