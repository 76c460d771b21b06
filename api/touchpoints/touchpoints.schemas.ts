/** Request schemas for the touchpoint map. */
import { z } from 'zod';
import { BUSINESS_CLASSES } from '../../store/touchpoints';

export const code = z.string().regex(/^[A-Z0-9_]{1,32}$/, 'upper-case letters, digits and underscore, at most 32');
const name = z.string().min(1).max(200);

export const businessBody = z.strictObject({ code, name, class: z.enum(BUSINESS_CLASSES), description: z.string().max(2000).optional() });
export const businessPatch = z.strictObject({ name: name.optional(), class: z.enum(BUSINESS_CLASSES).optional(), description: z.string().max(2000).optional() });
export const namedBody = z.strictObject({ code, name });

export const processRef = z.strictObject({
  processId: z.string().min(1).max(200).regex(/^[\w.:-]+$/),
  /** Pin one version; omit to follow the latest. */
  version: z.number().int().positive().optional(),
});

export const touchpointBody = z.strictObject({
  business: code,
  channel: code,
  segment: code.optional(),
  processId: processRef.shape.processId.optional(),
  version: processRef.shape.version,
});

export const touchpointQuery = z.strictObject({ business: code.optional(), channel: code.optional(), segment: code.optional() });
