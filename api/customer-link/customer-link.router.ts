/**
 * `/customer-link`: operators and agents issue links; a customer holding a link (header
 * X-Customer-Link, no account) reads, walks and answers exactly the one questionnaire it names.
 */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Connection } from 'mongoose';
import { resource, route, type ResourceRoutes } from '../route';
import { AppError } from '../errors';
import { issueLinkBody, LINK_HEADER, linkAnswersBody, linkSubmitBody } from './customer-link.schemas';
import { issueLink, linkScript, submitLinkSheet, viewLink } from './customer-link.service';
import { linkKey, verifyLink, type LinkGrant } from './customer-link.token';

/** Requests one link may make per minute (reading, walking the branches, submitting). */
export const LINK_REQUESTS_PER_MINUTE = 60;

const grantOf = (res: { locals: Record<string, unknown> }): LinkGrant => res.locals.linkGrant as LinkGrant;

/**
 * Accepts only a valid link: sets a `customer-link` principal with no roles (so no staff route
 * would admit it) and the grant. No link: 401; a signed-in staff member without one: 403.
 */
function linkGuard(key: () => Uint8Array): RequestHandler {
  return (req, res, next) => {
    const token = req.get(LINK_HEADER);
    const run = async (): Promise<void> => {
      const grant = token && token.length < 4096 ? await verifyLink(token, key()) : undefined;
      if (!grant) {
        if (req.principal) throw AppError.forbidden('this route takes a customer link, not a staff sign-in');
        throw AppError.unauthorized(token ? 'the link is invalid or has expired' : `a customer link is required (${LINK_HEADER} header)`);
      }
      res.locals.linkGrant = grant;
      req.principal = { id: `link:${grant.jti}`, username: `customer:${grant.customerId}`, kind: 'customer-link', roles: [], groups: [], skills: [] };
    };
    run().then(() => next(), next);
  };
}

export function customerLinkRoutes(conn: Connection, loginKey: () => Uint8Array): ResourceRoutes {
  const key = (): Uint8Array => linkKey(loginKey());
  const perLink = rateLimit({
    windowMs: 60_000,
    limit: LINK_REQUESTS_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => grantOf(res).jti,
    validate: false,
    handler: (_req, _res, next) => next(new AppError(429, 'TooManyRequests', 'too many requests with this link; retry in a minute')),
  });
  const customer = [linkGuard(key), perLink];
  return resource('/customer-link', 'customer-link', [
    route({ method: 'post', path: '/tokens', summary: 'Issue a signed, expiring link for one target customer of a plan to answer its questionnaire', roles: ['admin', 'operator', 'agent'], body: issueLinkBody, status: 201, handler: ({ body, user }) => issueLink(conn, key(), body, user) }),
    route({ method: 'get', path: '/questionnaire', summary: 'Customer (X-Customer-Link header): the questionnaire the link grants and whether it was answered', roles: 'public', before: customer, handler: ({ res }) => viewLink(conn, grantOf(res)) }),
    route({ method: 'post', path: '/script', summary: 'Customer (X-Customer-Link header): the next question for the answers so far', roles: 'public', before: customer, body: linkAnswersBody, handler: ({ res, body }) => linkScript(conn, grantOf(res), body) }),
    route({ method: 'post', path: '/answers', summary: 'Customer (X-Customer-Link header): submit the answer sheet, once per link', roles: 'public', before: customer, body: linkSubmitBody, status: 201, handler: ({ res, body }) => submitLinkSheet(conn, grantOf(res), body) }),
  ]);
}
