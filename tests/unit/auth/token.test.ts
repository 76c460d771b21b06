/**
 * Login tokens: verification is cached per exact token string (a client sends the same token with
 * every request), and the cache must never accept what a full check would refuse.
 */
import { randomBytes } from 'node:crypto';
import { signToken, verifyToken } from '../../../api/auth/token';

const ISSUER = 'touchpoint-test';

it('when a valid token is verified twice, then both answers carry its subject and claims', async () => {
  const key = randomBytes(32);
  const token = await signToken({ sub: 'user-1', iss: ISSUER, roles: ['agent'] }, key, 600);
  const first = await verifyToken(token, key, ISSUER);
  const second = await verifyToken(token, key, ISSUER);
  expect(first).toMatchObject({ sub: 'user-1', roles: ['agent'], iss: ISSUER });
  expect(second).toEqual(first);
});

it('when a token was verified and then one character of its signature is changed, then the changed token is refused', async () => {
  const key = randomBytes(32);
  const token = await signToken({ sub: 'user-2', iss: ISSUER }, key, 600);
  expect(await verifyToken(token, key, ISSUER)).toBeDefined();
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  const tampered = token.slice(0, -2) + last + token.at(-1);
  expect(await verifyToken(tampered, key, ISSUER)).toBeUndefined();
  // The payload swapped for another subject's, signature kept: refused too.
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ sub: 'admin', iss: ISSUER, exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
  expect(await verifyToken(`${header}.${payload}.${signature}`, key, ISSUER)).toBeUndefined();
});

it('when a verified token is presented under another key or issuer, then it is refused', async () => {
  const key = randomBytes(32);
  const token = await signToken({ sub: 'user-3', iss: ISSUER }, key, 600);
  expect(await verifyToken(token, key, ISSUER)).toBeDefined();
  expect(await verifyToken(token, randomBytes(32), ISSUER)).toBeUndefined();
  expect(await verifyToken(token, key, 'someone-else')).toBeUndefined();
});

it('when a verified token reaches its expiry, then it is refused from then on although it was cached', async () => {
  const key = randomBytes(32);
  const token = await signToken({ sub: 'user-4', iss: ISSUER }, key, 30);
  const now = Date.now();
  expect(await verifyToken(token, key, ISSUER, now)).toBeDefined();
  expect(await verifyToken(token, key, ISSUER, now + 10_000)).toBeDefined();
  expect(await verifyToken(token, key, ISSUER, now + 31_000)).toBeUndefined();
});
