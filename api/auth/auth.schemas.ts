/** Request schemas for login, users and API keys. */
import { z } from 'zod';
import { ROLES } from '../../store/users';

const name = z.string().min(1).max(100);
const tag = z.string().min(1).max(100).regex(/^[\w.-]+$/, 'letters, digits, dot, dash and underscore only');

export const loginBody = z.strictObject({
  username: name,
  password: z.string().min(1).max(200),
});

export const dutyCalendar = z.strictObject({
  timeZone: z.string().min(1).max(64),
  rules: z
    .array(
      z.strictObject({
        weekdays: z.array(z.number().int().min(1).max(7)).min(1),
        from: z.string().regex(/^\d{2}:\d{2}$/),
        to: z.string().regex(/^\d{2}:\d{2}$/),
      }),
    )
    .max(50),
});

export const createUserBody = z.strictObject({
  username: name.regex(/^[\w.@-]+$/, 'letters, digits, dot, dash, @ and underscore only'),
  displayName: name.optional(),
  password: z.string().min(12).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  department: tag.optional(),
  groups: z.array(tag).max(50).default([]),
  skills: z.array(tag).max(50).default([]),
  languages: z.array(tag).max(20).default([]),
  dutyCalendar: dutyCalendar.optional(),
});

export const updateUserBody = z.strictObject({
  displayName: name.optional(),
  password: z.string().min(12).max(200).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  department: tag.optional(),
  groups: z.array(tag).max(50).optional(),
  skills: z.array(tag).max(50).optional(),
  languages: z.array(tag).max(20).optional(),
  dutyCalendar: dutyCalendar.optional(),
  disabled: z.boolean().optional(),
});

export const createApiKeyBody = z.strictObject({
  name: name,
  roles: z.array(z.enum(ROLES)).min(1),
});

export const userView = z.object({
  _id: z.string(),
  username: z.string(),
  roles: z.array(z.enum(ROLES)),
  groups: z.array(z.string()),
  skills: z.array(z.string()),
});
