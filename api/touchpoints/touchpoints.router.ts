/** `/touchpoints`: businesses, channels, segments, touchpoints, the matrix and the blind-spot report. */
import type { Connection } from 'mongoose';
import { businesses, channels, segments } from '../../store/touchpoints';
import { idParam, resource, route, type ResourceRoutes } from '../route';
import { businessBody, businessPatch, namedBody, processRef, touchpointBody, touchpointQuery } from './touchpoints.schemas';
import {
  assignProcess,
  createBusiness,
  createNamed,
  createTouchpoint,
  deleteTouchpoint,
  getTouchpoint,
  listTouchpoints,
  matrix,
  report,
  updateBusiness,
} from './touchpoints.service';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;
const WRITERS = ['admin', 'process-owner'] as const;

export function touchpointRoutes(conn: Connection): ResourceRoutes {
  return resource('/touchpoints', 'touchpoints', [
    route({ method: 'get', path: '/businesses', summary: 'List businesses', roles: READERS, handler: () => businesses(conn).find({}).sort({ _id: 1 }).lean().exec() }),
    route({ method: 'post', path: '/businesses', summary: 'Create a business', roles: WRITERS, body: businessBody, status: 201, handler: ({ body, user }) => createBusiness(conn, body, user) }),
    route({
      method: 'patch',
      path: '/businesses/:id',
      summary: 'Change a business',
      roles: WRITERS,
      params: idParam,
      body: businessPatch,
      handler: ({ params, body, user }) => updateBusiness(conn, params.id, body, user),
    }),
    route({ method: 'get', path: '/channels', summary: 'List channels', roles: READERS, handler: () => channels(conn).find({}).sort({ _id: 1 }).lean().exec() }),
    route({ method: 'post', path: '/channels', summary: 'Add a channel', roles: WRITERS, body: namedBody, status: 201, handler: ({ body, user }) => createNamed(conn, 'channel', body, user) }),
    route({ method: 'get', path: '/segments', summary: 'List customer segments', roles: READERS, handler: () => segments(conn).find({}).sort({ _id: 1 }).lean().exec() }),
    route({ method: 'post', path: '/segments', summary: 'Add a customer segment', roles: WRITERS, body: namedBody, status: 201, handler: ({ body, user }) => createNamed(conn, 'segment', body, user) }),
    route({ method: 'get', path: '/matrix', summary: 'The process map: business × channel', roles: READERS, handler: () => matrix(conn) }),
    route({ method: 'get', path: '/report', summary: 'Blind spots and processes serving no touchpoint', roles: READERS, handler: () => report(conn) }),
    route({ method: 'get', path: '/', summary: 'List touchpoints', roles: READERS, query: touchpointQuery, handler: ({ query }) => listTouchpoints(conn, query) }),
    route({ method: 'post', path: '/', summary: 'Create a touchpoint (code generated: channel-segment-business)', roles: WRITERS, body: touchpointBody, status: 201, handler: ({ body, user }) => createTouchpoint(conn, body, user) }),
    route({ method: 'get', path: '/:id', summary: 'Get a touchpoint', roles: READERS, params: idParam, handler: ({ params }) => getTouchpoint(conn, params.id) }),
    route({
      method: 'put',
      path: '/:id/process',
      summary: 'Assign the one process serving this touchpoint (latest or pinned version)',
      roles: WRITERS,
      params: idParam,
      body: processRef,
      handler: ({ params, body, user }) => assignProcess(conn, params.id, body, user),
    }),
    route({
      method: 'delete',
      path: '/:id',
      summary: 'Delete a touchpoint no contact has used (409 otherwise)',
      roles: WRITERS,
      params: idParam,
      handler: ({ params, user }) => deleteTouchpoint(conn, params.id, user),
    }),
  ]);
}
