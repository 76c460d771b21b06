/**
 * Canonical JSON for evidence: object keys sorted at every depth, no whitespace, dates as ISO
 * strings, undefined members dropped, non-finite numbers as null. The same rules as the audit log's
 * hash chain, so an audit entry copied into a bundle can be re-hashed offline.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(normalise(value));
}

/** A JSON-safe deep copy with sorted keys (dates become ISO strings): what {@link canonical} serialises. */
export function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return normalise(withJson.toJSON());
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
