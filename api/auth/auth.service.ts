/**
 * Passwords (argon2id), signed login tokens (HS256, see token.ts), API keys, and the first admin.
 */
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { apiKeys, settings, users, type Role, type UserDoc } from '../../store/users';
import { appendAudit } from '../audit/audit.service';
import { AppError } from '../errors';
import type { Principal } from './principal';
import { signToken, verifyToken } from './token';

const ISSUER = 'touchpoint';
const TOKEN_TTL_SECONDS = 8 * 3600;
// Verified against when the user does not exist, so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** The signing key: JWT_SECRET when configured, else one generated once and kept in settings. */
export async function loadJwtKey(conn: Connection, configured?: string): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const Settings = settings(conn);
  const fresh = randomBytes(48).toString('base64url');
  try {
    await Settings.collection.insertOne({ _id: 'jwtSecret', value: fresh } as never);
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const doc = await Settings.findById('jwtSecret').lean();
  return new TextEncoder().encode(doc?.value ?? fresh);
}

/** The public view of a user: never the password hash. */
export function publicUser(u: UserDoc): Omit<UserDoc, 'passwordHash'> {
  const { passwordHash: _hidden, ...rest } = u;
  return rest;
}

export function principalOf(u: UserDoc): Principal {
  return {
    id: u._id,
    username: u.username,
    kind: 'user',
    roles: u.roles,
    department: u.department,
    groups: u.groups ?? [],
    skills: u.skills ?? [],
  };
}

/** Checks credentials; a failed login is audited and answered with the same 401 whatever went wrong. */
export async function login(
  conn: Connection,
  key: Uint8Array,
  username: string,
  password: string,
): Promise<{ token: string; user: Omit<UserDoc, 'passwordHash'> }> {
  const user = await users(conn).findOne({ username }).lean();
  dummyHash ??= hash(randomUUID());
  const ok = user && !user.disabled ? await verify(user.passwordHash, password) : (await verify(await dummyHash, password), false);
  if (!user || !ok) {
    await appendAudit(conn, { actor: username, action: 'auth.login-failed', target: user?._id });
    throw new AppError(401, 'InvalidCredentials', 'invalid username or password');
  }
  const token = await signToken({ sub: user._id, iss: ISSUER, roles: user.roles }, key, TOKEN_TTL_SECONDS);
  return { token, user: publicUser(user) };
}

/**
 * How long a user's roles, groups and enabled flag are taken as read. Every request used to read the
 * user, and that read was a third of a case view's database work (FerretDB serves about 500 keyed reads
 * a second on two cores). A change made through this process applies at once ({@link forgetPrincipal});
 * one made through another API process applies within this time.
 */
export const PRINCIPAL_TTL_MS = 2000;
const principalCache = new WeakMap<Connection, Map<string, { principal: Principal; until: number }>>();

/** Drops a user's cached roles (after a change to the user), so the next request reads them again. */
export function forgetPrincipal(conn: Connection, userId: string): void {
  principalCache.get(conn)?.delete(userId);
}

/** Resolves a bearer token to the current user (roles re-read at most {@link PRINCIPAL_TTL_MS} later). */
export async function principalFromToken(conn: Connection, key: Uint8Array, token: string): Promise<Principal> {
  const sub = (await verifyToken(token, key, ISSUER))?.sub;
  if (!sub) throw AppError.unauthorized('invalid or expired token');
  let cache = principalCache.get(conn);
  if (!cache) principalCache.set(conn, (cache = new Map<string, { principal: Principal; until: number }>()));
  const hit = cache.get(sub);
  if (hit && hit.until > Date.now()) return hit.principal;
  const user = await users(conn).findById(sub).lean();
  if (!user || user.disabled) {
    cache.delete(sub);
    throw AppError.unauthorized('invalid or expired token');
  }
  const principal = principalOf(user);
  if (cache.size > 10_000) cache.clear();
  cache.set(sub, { principal, until: Date.now() + PRINCIPAL_TTL_MS });
  return principal;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Creates an API key; the returned `key` (`tpk_<id>_<secret>`) is shown once and stored only hashed. */
export async function createApiKey(
  conn: Connection,
  input: { name: string; roles: Role[] },
  createdBy: string,
): Promise<{ id: string; key: string; name: string; roles: Role[] }> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  await apiKeys(conn).create({ _id: id, name: input.name, roles: input.roles, secretHash: sha256(secret), createdBy, revoked: false });
  return { id, key: `tpk_${id}_${secret}`, name: input.name, roles: input.roles };
}

export interface ApiKeyView {
  id: string;
  name: string;
  roles: Role[];
  createdBy: string;
  createdAt: Date;
  revoked: boolean;
  revokedAt?: Date;
  revokedBy?: string;
}

/** API keys without their secret hashes, newest first. */
export async function listApiKeys(conn: Connection): Promise<ApiKeyView[]> {
  const docs = await apiKeys(conn).find({}, { secretHash: 0 }).sort({ createdAt: -1 }).lean();
  return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
}

/** Revokes an API key at once (every later request with it gets 401); revoking twice is a no-op. */
export async function revokeApiKey(conn: Connection, id: string, actor: string): Promise<ApiKeyView> {
  const doc = await apiKeys(conn).findById(id, { secretHash: 0 }).lean();
  if (!doc) throw AppError.notFound('API key');
  if (!doc.revoked) {
    await apiKeys(conn).updateOne({ _id: id, revoked: false }, { $set: { revoked: true, revokedAt: new Date(), revokedBy: actor } });
    await appendAudit(conn, { actor, action: 'api-key.revoke', target: id, before: { revoked: false }, after: { revoked: true } });
  }
  const after = await apiKeys(conn).findById(id, { secretHash: 0 }).lean();
  const { _id, ...rest } = after ?? doc;
  return { id: _id, ...rest };
}

export async function principalFromApiKey(conn: Connection, key: string): Promise<Principal> {
  const m = /^tpk_([0-9a-f]{16})_([\w-]{20,64})$/.exec(key);
  const doc = m ? await apiKeys(conn).findById(m[1]).lean() : null;
  if (!m || !doc || doc.revoked) throw AppError.unauthorized('invalid API key');
  const a = Buffer.from(doc.secretHash, 'hex');
  const b = Buffer.from(sha256(m[2]), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw AppError.unauthorized('invalid API key');
  return { id: `apikey:${doc._id}`, username: doc.name, kind: 'api-key', roles: doc.roles, groups: [], skills: [] };
}

/**
 * Creates the first admin when no user exists: with ADMIN_PASSWORD when given, otherwise with a
 * random password printed once on the console. Never a fixed default.
 */
export async function ensureFirstAdmin(
  conn: Connection,
  opts: { username: string; password?: string; log: Logger; print?: (line: string) => void },
): Promise<{ created: boolean; generatedPassword?: string }> {
  const Users = users(conn);
  if ((await Users.countDocuments({})) > 0) return { created: false };
  const generated = opts.password ? undefined : randomBytes(18).toString('base64url');
  const password = opts.password ?? generated ?? randomBytes(18).toString('base64url');
  try {
    await Users.create({
      _id: randomUUID(),
      username: opts.username,
      passwordHash: await hashPassword(password),
      roles: ['admin'],
      groups: [],
      skills: [],
      languages: [],
      disabled: false,
    });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return { created: false };
    throw err;
  }
  await appendAudit(conn, { actor: 'system', action: 'user.create-first-admin', target: opts.username });
  if (generated) {
    const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
    print(`First admin created: username "${opts.username}", password "${generated}" (shown once; change it after logging in).`);
  } else opts.log.info({ username: opts.username }, 'first admin created from ADMIN_PASSWORD');
  return { created: true, generatedPassword: generated };
}
