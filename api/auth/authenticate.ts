/** Reads `Authorization: Bearer` or `X-API-Key` and sets `req.principal`; anonymous otherwise. */
import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import { AppError } from '../errors';
import { principalFromApiKey, principalFromToken } from './auth.service';

export function authenticate(conn: Connection, key: () => Uint8Array): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization');
    const apiKey = req.get('x-api-key');
    const run = async (): Promise<void> => {
      if (header) {
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        if (!m) throw AppError.unauthorized('expected a Bearer token');
        req.principal = await principalFromToken(conn, key(), m[1]);
      } else if (apiKey) {
        req.principal = await principalFromApiKey(conn, apiKey);
      }
    };
    run().then(() => next(), next);
  };
}
