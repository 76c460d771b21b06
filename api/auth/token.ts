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

/** Returns the claims of a valid token, or undefined for anything forged, malformed or expired. */
export async function verifyToken(token: string, key: Uint8Array, issuer: string): Promise<TokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer });
    return typeof payload.sub === 'string' ? (payload as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
