/** Request and response schemas of `/stats`. */
import { z } from 'zod';

export const heatmapParams = z.strictObject({ id: z.string().min(1).max(200).regex(/^[\w.:-]+$/, 'invalid definition id') });

export const elementStats = z.object({
  elementId: z.string(),
  elementType: z.string(),
  elementName: z.string().optional(),
  /** Distinct cases that reached the element (any trace event on it). */
  cases: z.number().int(),
  /** Finished passes (start followed by complete on the same token). */
  completions: z.number().int(),
  /** Mean time between start and complete, over finished passes; null when none finished. */
  meanDurationMs: z.number().nullable(),
  /** Tokens started on the element and not yet completed, cancelled, skipped or moved away. */
  active: z.number().int(),
});

export const heatmapResponse = z.object({
  definitionId: z.string(),
  processId: z.string(),
  version: z.number().int(),
  /** Distinct cases of this version that left at least one trace event. */
  cases: z.number().int(),
  elements: z.array(elementStats),
});

export type ElementStats = z.infer<typeof elementStats>;
export type Heatmap = z.infer<typeof heatmapResponse>;
