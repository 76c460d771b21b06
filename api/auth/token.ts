/**
 * Compact HS256 JSON Web Tokens with node:crypto. The algorithm is pinned (the header is checked
 * byte for byte, so `alg: none` or RS/HS confusion cannot get in), the signature is compared in
 * constant time, and issuer and expiry are enforced.
 *
 * Why not jose: jose 6 is ESM-only and the project's Jest (CommonJS through SWC) does not transform
 * it; adding `jose` to jest.config.js's ESM list would let this file switch back to SignJWT/jwtVerify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface TokenClaims {
  sub: string;
  iss: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

const sign = (data: string, key: Uint8Array): Buffer => createHmac('sha256', key).update(data).digest();

/** Signs `claims` (sub, iss and a lifetime in seconds) into a compact JWS. */
export function signToken(claims: Record<string, unknown> & { sub: string; iss: string }, key: Uint8Array, ttlSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, iat: now, exp: now + ttlSeconds })).toString('base64url');
  const data = `${HEADER}.${payload}`;
  return `${data}.${sign(data, key).toString('base64url')}`;
}

/** Returns the claims of a valid token, or undefined for anything forged, malformed or expired. */
export function verifyToken(token: string, key: Uint8Array, issuer: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
  const expected = sign(`${parts[0]}.${parts[1]}`, key);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return undefined;
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.sub !== 'string' || claims.iss !== issuer || typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
  return claims;
}
