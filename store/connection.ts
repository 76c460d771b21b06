/**
 * One mongoose connection per process, configured for safety: `sanitizeFilter` strips query
 * operators from user-supplied filter values, `strictQuery` drops unknown filter paths, and schemas
 * are strict by default. Only features that FerretDB (CI) and MongoDB (production) both support
 * are used anywhere in store/: no transactions, change streams, $lookup/$facet, TTL or partial indexes.
 */
import mongoose, { type Connection } from 'mongoose';

mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
mongoose.set('strict', 'throw');

/** Opens a dedicated connection (not the global default) so tests can hold several at once. */
export async function connectMongo(uri: string, opts: { appName?: string } = {}): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    appName: opts.appName ?? 'touchpoint',
    serverSelectionTimeoutMS: 5000,
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

/** Resolves true when the server answers `ping` within the timeout. */
export async function pingMongo(conn: Connection, timeoutMs = 2000): Promise<boolean> {
  const db = conn.db;
  if (!db) return false;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}
