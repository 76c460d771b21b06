/** Request schema for message correlation. */
import { z } from 'zod';

export const messageBody = z.strictObject({
  /** The process whose message start event catches the message (its latest live version). */
  processId: z.string().min(1).max(200).regex(/^[\w.:-]+$/, 'letters, digits and . : _ -'),
  /** `bpmn:Message/@name` as drawn. */
  messageName: z.string().min(1).max(200),
  /** Business key: one case per process, message and key. */
  correlationKey: z.string().min(1).max(200),
  variables: z.record(z.string(), z.unknown()).optional(),
  customerId: z.string().min(1).max(100).optional(),
});
