/**
 * The guard of a complaint write (the states that legitimately lead to it), checked in this process on
 * the record read by `_id` instead of being sent as part of the update's filter.
 *
 * Why: FerretDB 1.x (SQLite) pushes down only a filter of exactly `{ _id: <string> }`; an update filtered
 * by `{ _id, round, status }` read and decoded every complaint of the collection, so each guarded write
 * cost more as complaints accumulated (quadratic over a run). Under the complaint lock the record cannot
 * change between this check and the write, so checking here is as safe as filtering there.
 *
 * Supports what the complaint writers use, with MongoDB's meaning: equality (null: missing or null),
 * `$in`, `$ne`, `$exists`, and dotted paths through arrays (`'replies.key'`: any element). Anything else
 * is refused, so a new guard cannot be silently misread.
 */

/** Thrown when a guard uses an operator this checker does not know. */
export class UnsupportedGuard extends Error {
  constructor(readonly path: string, readonly operator: string) {
    super(`complaint write guard on '${path}' uses unsupported operator ${operator}`);
    this.name = 'UnsupportedGuard';
  }
}

/** The values at a dotted path; through arrays, every element's (empty when missing). */
function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(doc) ? [doc, ...(doc as unknown[])] : [doc];
  if (Array.isArray(doc)) return doc.flatMap((x) => valuesAt(x, path));
  if (doc === null || typeof doc !== 'object') return [];
  const [head, ...rest] = path;
  const next = (doc as Record<string, unknown>)[head];
  return next === undefined ? [] : valuesAt(next, rest);
}

const same = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

function equals(values: unknown[], v: unknown): boolean {
  if (v === null || v === undefined) return values.length === 0 || values.some((x) => x === null || x === undefined);
  return values.some((x) => same(x, v));
}

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && Object.keys(v).some((k) => k.startsWith('$'));

/** Whether `doc` matches every condition of `guard`. */
export function matchesGuard(doc: Record<string, unknown>, guard: Record<string, unknown>): boolean {
  return Object.entries(guard).every(([path, cond]) => {
    const values = valuesAt(doc, path.split('.'));
    if (!isOperatorObject(cond)) return equals(values, cond);
    return Object.entries(cond).every(([op, arg]) => {
      switch (op) {
        case '$in':
          return Array.isArray(arg) && arg.some((v) => equals(values, v));
        case '$ne':
          return !equals(values, arg);
        case '$exists':
          return (values.length > 0) === Boolean(arg);
        default:
          throw new UnsupportedGuard(path, op);
      }
    });
  });
}

/** The top-level fields a guard reads (the projection of the read that checks it). */
export function guardFields(guard: Record<string, unknown>): Record<string, 1> {
  return Object.fromEntries(Object.keys(guard).map((p) => [p.split('.')[0], 1 as const]));
}
