/** Canonical JSON: keys sorted at every depth, no whitespace, so equal data always hashes equal. */

/** Serialises `value` canonically; `undefined` members are dropped as JSON.stringify drops them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

/** A JSON-safe deep copy with sorted keys (dates become ISO strings). */
export function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (typeof value === 'object') {
    const maybe = value as { toJSON?: () => unknown };
    if (typeof maybe.toJSON === 'function') return normalise(maybe.toJSON());
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = normalise(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
