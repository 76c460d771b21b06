/**
 * Customer-link tokens: compact HS256 JWTs that grant one customer the right to answer one
 * questionnaire for one plan, until they expire. They are signed with a key derived from the login
 * key under its own label, with their own issuer and audience, so a login token is never accepted
 * as a link and a link never as a login.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'touchpoint/customer-link';
const AUDIENCE = 'customer-link';

/** What a link allows: answering `questionnaireCode` for `planId` as `customerId`; `jti` names this link. */
export interface LinkGrant {
  jti: string;
  planId: string;
  customerId: string;
  questionnaireCode: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** The link-signing key: HMAC of the login key with a fixed label (a separate key, same secret). */
export function linkKey(loginKey: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', loginKey).update('touchpoint customer-link v1').digest());
}

/** Signs a new link for `grant`, valid `ttlSeconds`; returns the token and the grant with its id and expiry. */
export async function signLink(
  key: Uint8Array,
  grant: Omit<LinkGrant, 'jti' | 'expiresAt'>,
  ttlSeconds: number,
  now = Date.now(),
): Promise<{ token: string; grant: LinkGrant }> {
  const jti = randomUUID();
  const iat = Math.floor(now / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({ plan: grant.planId, q: grant.questionnaireCode })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(grant.customerId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, grant: { ...grant, jti, expiresAt: exp * 1000 } };
}

/** The grant of a valid link, or undefined for anything forged, malformed, expired or of another kind. */
export async function verifyLink(token: string, key: Uint8Array): Promise<LinkGrant | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
    const { sub, jti, exp, plan, q } = payload;
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number' || typeof plan !== 'string' || typeof q !== 'string') {
      return undefined;
    }
    return { jti, planId: plan, customerId: sub, questionnaireCode: q, expiresAt: exp * 1000 };
  } catch {
    return undefined;
  }
}
