/** Route guard: the caller must be authenticated and hold one of the listed roles. */
import type { RequestHandler } from 'express';
import type { Role } from '../../store/users';
import { AppError } from '../errors';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Allows the listed roles. Auditors are read-only everywhere: even when listed, a non-read method
 * is refused for a caller whose only power is auditing, unless the route is declared `readOnly`
 * (a POST that changes nothing, such as replaying a history).
 */
export function allow(roles: readonly Role[], opts: { readOnly?: boolean } = {}): RequestHandler {
  return (req, _res, next) => {
    const p = req.principal;
    if (!p) return next(AppError.unauthorized());
    const granted = p.roles.filter((r) => roles.includes(r));
    const writing = !opts.readOnly && !READ_METHODS.has(req.method);
    const effective = writing ? granted.filter((r) => r !== 'auditor') : granted;
    if (effective.length === 0) return next(AppError.forbidden());
    next();
  };
}
