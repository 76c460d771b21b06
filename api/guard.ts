/**
 * Refuses request bodies and queries that carry MongoDB operators or prototype keys anywhere,
 * before any handler sees them. zod strict objects refuse unknown keys too; this also covers
 * free-form fields (payloads, variables) that zod passes through as records.
 */
import type { RequestHandler } from 'express';
import { AppError } from './errors';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** Returns the path of the first forbidden key, or undefined when the value is clean. */
export function findForbiddenKey(value: unknown, path = '', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return path || '(root)';
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenKey(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.startsWith('$') || FORBIDDEN.has(key) || key.includes('\0')) return here;
    const hit = findForbiddenKey((value as Record<string, unknown>)[key], here, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

export const rejectOperators: RequestHandler = (req, _res, next) => {
  for (const [where, value] of [['body', req.body], ['query', req.query]] as const) {
    const hit = findForbiddenKey(value);
    if (hit) {
      return next(AppError.badRequest(`${where}.${hit}: operator and prototype keys are not allowed`, [{ field: `${where}.${hit}`, message: 'operator and prototype keys are not allowed' }]));
    }
  }
  // Query keys like `a[$ne]` arrive flat with the simple parser; refuse them as well.
  for (const key of Object.keys(req.query ?? {})) {
    if (/[[\]$]/.test(key)) return next(AppError.badRequest(`query.${key}: operator keys are not allowed`, [{ field: `query.${key}`, message: 'operator keys are not allowed' }]));
  }
  next();
};
