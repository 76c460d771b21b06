/**
 * One declaration per route: method, path, roles, zod schemas and handler. The same declaration
 * mounts the Express route, validates the request and feeds the OpenAPI document, so the three
 * can never disagree.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z, type ZodType } from 'zod';
import { allow } from './auth/allow';
import type { Principal } from './auth/principal';
import { AppError, fromZod } from './errors';
import type { Role } from '../store/users';

export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: P;
  user: Principal;
}

export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path relative to the router prefix, e.g. `/:id`. */
  path: string;
  summary: string;
  /** Roles allowed; `public` routes need no authentication. */
  roles: readonly Role[] | 'public';
  /** A non-GET route that changes nothing (e.g. a replay): auditors listed in `roles` may call it. */
  readOnly?: boolean;
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /** Documented JSON body when the handler parses the body itself (several content types). */
  docBody?: ZodType;
  /** Body types accepted besides JSON (documented only). */
  bodyContentTypes?: string[];
  response?: ZodType;
  status?: number;
  /** Extra middleware run after auth and before validation (e.g. multipart parsing). */
  before?: RequestHandler[];
  handler: (ctx: RouteContext<B, Q, P>) => Promise<unknown>;
}

export interface ResourceRoutes {
  prefix: string;
  tag: string;
  router: Router;
  specs: RouteSpec[];
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) throw fromZod(r.error, where);
  return r.data;
}

/** Defines a route, keeping the spec for the OpenAPI document. */
export function route<B, Q, P>(spec: RouteSpec<B, Q, P>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** Builds an Express router from route declarations. */
export function resource(prefix: string, tag: string, specs: RouteSpec[]): ResourceRoutes {
  const router = Router();
  for (const spec of specs) {
    const guards: RequestHandler[] = spec.roles === 'public' ? [] : [allow(spec.roles, { readOnly: spec.readOnly })];
    const handler: RequestHandler = (req, res, next) => {
      const run = async (): Promise<void> => {
        const body = parse(spec.body, req.body ?? {}, 'body');
        const query = parse(spec.query, { ...req.query }, 'query');
        const params = parse(spec.params, { ...req.params }, 'params');
        const user = req.principal as Principal;
        const out = await spec.handler({ req, res, body, query, params, user });
        if (res.headersSent) return;
        if (out === undefined) res.status(spec.status ?? 204).end();
        else res.status(spec.status ?? 200).json(out);
      };
      run().catch(next);
    };
    router[spec.method](spec.path, ...guards, ...(spec.before ?? []), handler);
  }
  return { prefix, tag, router, specs };
}

/** Common path parameter: an id made of safe characters only. */
export const idParam = z.strictObject({ id: z.string().min(1).max(200).regex(/^[\w.:@-]+$/, 'invalid id') });

/** Throws 404 when `value` is null or undefined. */
export function found<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw AppError.notFound(what);
  return value;
}
