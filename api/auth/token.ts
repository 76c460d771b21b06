/**
 * Login tokens: compact HS256 JWTs signed and verified with jose. The algorithm is pinned on
 * verification (no `alg: none`, no RS/HS confusion), and issuer and expiry are enforced.
 */
import { SignJWT, jwtVerify } from 'jose';

export interface TokenClaims {
  sub: string;
  iss?: string;
  iat?: number;
  exp?: number;
  [claim: string]: unknown;
}

/** Signs `claims` (sub, iss and a lifetime in seconds) into a compact JWS. */
export async function signToken(
  claims: Record<string, unknown> & { sub: string; iss: string },
  key: Uint8Array,
  ttlSeconds: number,
): Promise<string> {
  const { sub, iss, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(iss)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

/**
 * Tokens already verified, per signing key: the exact token string maps to its claims until the
 * token expires (at most {@link VERIFIED_TTL_MS}). Checking an HMAC through WebCrypto was about a
 * tenth of the API's CPU for a case read; a client sends the same token with every request. Only
 * valid tokens are kept, so a forged or altered token (a different string) is always checked in full.
 */
type Verified = Map<string, { claims: TokenClaims; issuer: string; until: number }>;
const verified = new WeakMap<Uint8Array, Verified>();
export const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

/** Returns the claims of a valid token, or undefined for anything forged, malformed or expired. */
export async function verifyToken(token: string, key: Uint8Array, issuer: string, now = Date.now()): Promise<TokenClaims | undefined> {
  let cache = verified.get(key);
  const hit = cache?.get(token);
  if (hit && hit.issuer === issuer && hit.until > now) return hit.claims;
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer, currentDate: new Date(now) });
    if (typeof payload.sub !== 'string') return undefined;
    const claims = payload as TokenClaims;
    if (!cache) verified.set(key, (cache = new Map() as Verified));
    if (cache.size >= VERIFIED_MAX) cache.clear();
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : now + VERIFIED_TTL_MS;
    cache.set(token, { claims, issuer, until: Math.min(expiresAt, now + VERIFIED_TTL_MS) });
    return claims;
  } catch {
    cache?.delete(token);
    return undefined;
  }
}
