/**
 * The API's single error type and the central middleware that turns any error into an RFC 9457
 * `application/problem+json` answer. Routes throw or `next(err)`; nothing else writes error bodies.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

/** One problem with one field of the request or one element of a BPMN model. */
export interface FieldProblem {
  field?: string;
  elementId?: string;
  message: string;
}

/** Thrown for every expected failure; `status` becomes the HTTP status, `detail` the message shown. */
export class AppError extends Error {
  override name: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: FieldProblem[];

  constructor(status: number, name: string, detail: string, opts: { cause?: unknown; errors?: FieldProblem[] } = {}) {
    super(detail, { cause: opts.cause });
    this.name = name;
    this.status = status;
    this.detail = detail;
    this.errors = opts.errors;
  }

  static badRequest(detail: string, errors?: FieldProblem[]): AppError {
    return new AppError(400, 'BadRequest', detail, { errors });
  }
  static unauthorized(detail = 'authentication required'): AppError {
    return new AppError(401, 'Unauthorized', detail);
  }
  static forbidden(detail = 'your role does not allow this'): AppError {
    return new AppError(403, 'Forbidden', detail);
  }
  static notFound(what = 'resource'): AppError {
    return new AppError(404, 'NotFound', `${what} not found`);
  }
  static conflict(detail: string): AppError {
    return new AppError(409, 'Conflict', detail);
  }
  static unprocessable(detail: string, errors?: FieldProblem[]): AppError {
    return new AppError(422, 'Unprocessable', detail, { errors });
  }
  static unavailable(detail: string): AppError {
    return new AppError(503, 'ServiceUnavailable', detail);
  }
}

/** Maps a zod error to a 400 naming each offending field. */
export function fromZod(err: ZodError, where = 'body'): AppError {
  const errors = err.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
    const path = [where, ...i.path.map(String)].join('.');
    return { field: path, message: `${i.message}${keys}` };
  });
  return AppError.badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Normalises anything thrown into an AppError; unknown errors become a 500 with no detail leaked. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return fromZod(err);
  const e = (err ?? {}) as HttpishError;
  const status = e.status ?? e.statusCode;
  if (e.type === 'entity.too.large' || status === 413) return new AppError(413, 'PayloadTooLarge', 'request body is too large', { cause: err });
  if (e.type === 'entity.parse.failed') return new AppError(400, 'MalformedBody', 'request body is not valid JSON', { cause: err });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status, 'BadRequest', e.expose && e.message ? e.message : titles[status] ?? 'bad request', { cause: err });
  }
  const name = (err as { name?: string } | null)?.name;
  if (name === 'MulterError') return new AppError(400, 'BadUpload', (err as Error).message, { cause: err });
  if (name === 'StrictModeError' || name === 'CastError' || name === 'ValidationError') {
    return new AppError(400, 'BadRequest', 'request contains invalid or unknown fields', { cause: err });
  }
  return new AppError(500, 'InternalError', 'an unexpected error occurred', { cause: err });
}

/** The central error middleware: the only place error bodies are written. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const app = toAppError(err);
  if (app.status >= 500) req.log?.error({ err }, 'request failed');
  else req.log?.info({ problem: app.name, status: app.status }, app.detail);
  if (res.headersSent) return;
  res
    .status(app.status)
    .type('application/problem+json')
    .json({
      type: `about:blank`,
      title: titles[app.status] ?? app.name,
      status: app.status,
      detail: app.detail,
      instance: req.originalUrl.split('?')[0],
      ...(app.errors ? { errors: app.errors } : {}),
    });
};

/** Final handler for unknown routes. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'NotFound', `no route for ${req.method} ${req.path}`));
};
