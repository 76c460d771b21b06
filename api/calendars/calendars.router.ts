/** `/calendars`: business calendars (working hours, rest days, holidays, time zone) by name. */
import type { Connection } from 'mongoose';
import { resource, route, type ResourceRoutes } from '../route';
import { calendarBody, calendarName } from './calendars.schemas';
import { deleteCalendar, getCalendar, listCalendars, putCalendar } from './calendars.service';

const READERS = ['admin', 'process-owner', 'operator', 'agent', 'auditor'] as const;
const WRITERS = ['admin', 'process-owner'] as const;

export function calendarRoutes(conn: Connection): ResourceRoutes {
  return resource('/calendars', 'calendars', [
    route({ method: 'get', path: '/', summary: 'List business calendars', roles: READERS, handler: () => listCalendars(conn) }),
    route({ method: 'get', path: '/:id', summary: 'Get a business calendar', roles: READERS, params: calendarName, handler: ({ params }) => getCalendar(conn, params.id) }),
    route({
      method: 'put',
      path: '/:id',
      summary: 'Create or replace a business calendar (validated: time zone, hours, dates)',
      roles: WRITERS,
      params: calendarName,
      body: calendarBody,
      handler: async ({ params, body, user, res }) => {
        const out = await putCalendar(conn, params.id, body, user);
        res.status(out.created ? 201 : 200).json(out.doc);
        return undefined;
      },
    }),
    route({ method: 'delete', path: '/:id', summary: 'Delete a business calendar', roles: WRITERS, params: calendarName, handler: ({ params, user }) => deleteCalendar(conn, params.id, user) }),
  ]);
}
