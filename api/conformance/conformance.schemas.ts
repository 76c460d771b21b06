/** Request shapes of `/conformance`. */
import { z } from 'zod';

const safeId = z.string().min(1).max(200).regex(/^[\w.:@-]+$/, 'invalid id');

export const runBody = z.strictObject({
  processId: safeId,
  version: z.number().int().min(1).optional(),
  /** Check a stored event log instead of the engine's cases. */
  logId: z.string().uuid().optional(),
  touchpoint: safeId.optional(),
  /** Alignment search budget per case (states); beyond it the case is `too-large`. */
  maxStates: z.number().int().min(10).max(5_000_000).optional(),
});
export type RunBody = z.infer<typeof runBody>;

export const runListQuery = z.strictObject({
  processId: safeId.optional(),
  version: z.coerce.number().int().min(1).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RunListQuery = z.infer<typeof runListQuery>;

export const runCasesQuery = z.strictObject({
  verdict: z.enum(['conformant', 'deviant', 'too-large']).optional(),
  kind: z.enum(['skipped', 'inserted', 'wrong-order', 'wrong-performer', 'operator-override', 'sla-breach']).optional(),
  elementId: safeId.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type RunCasesQuery = z.infer<typeof runCasesQuery>;

export const runParam = z.strictObject({ id: z.string().uuid('invalid run id') });
export const caseParam = z.strictObject({ id: safeId });
