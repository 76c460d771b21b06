/** `/questionnaires`: questionnaires, their guided script, answer sheets and statistics. */
import express from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { resource, route, type ResourceRoutes } from '../route';
import {
  answersBody,
  codeParam,
  copyBody,
  createQuestionnaireBody,
  listQuery,
  questionnaireFields,
  reorderBody,
  sheetBody,
  statsQuery,
} from './questionnaires.schemas';
import {
  archiveQuestionnaire,
  copyInto,
  createQuestionnaire,
  deleteQuestionnaire,
  exportCsv,
  exportFile,
  getQuestionnaire,
  importCsv,
  importFile,
  listQuestionnaires,
  listSheets,
  nextStep,
  reorder,
  statistics,
  submitSheet,
  updateQuestionnaire,
} from './questionnaires.service';

const READERS = ['admin', 'process-owner', 'operator', 'agent', 'auditor'] as const;
const WRITERS = ['admin', 'process-owner'] as const;
/** Who records answers: agents on calls, operators, and systems for web answers. */
const ANSWERERS = ['admin', 'operator', 'agent'] as const;

/** Spreadsheets arrive as text/csv, up to 1 MB (a few thousand rows). */
const csvText = express.text({ type: ['text/csv', 'application/csv'], limit: '1mb' });

export function questionnaireRoutes(conn: Connection): ResourceRoutes {
  return resource('/questionnaires', 'questionnaires', [
    route({ method: 'get', path: '/', summary: 'Search questionnaires (?status, ?q on code and name)', roles: READERS, query: listQuery, handler: ({ query }) => listQuestionnaires(conn, query) }),
    route({ method: 'post', path: '/', summary: 'Create a questionnaire (validated: branches, options, numbering)', roles: WRITERS, body: createQuestionnaireBody, status: 201, handler: ({ body, user }) => createQuestionnaire(conn, body, user) }),
    route({ method: 'post', path: '/import', summary: 'Import a questionnaire from its JSON file', roles: WRITERS, docBody: z.object({ format: z.string(), version: z.number(), questionnaire: z.unknown() }), status: 201, handler: ({ req, user }) => importFile(conn, req.body, user) }),
    route({ method: 'post', path: '/import/csv', summary: 'Import a questionnaire from a spreadsheet (CSV, UTF-8; bad cells named by row and column)', roles: WRITERS, bodyContentTypes: ['text/csv'], before: [csvText], status: 201, handler: ({ req, user }) => importCsv(conn, req.body, user) }),
    route({ method: 'get', path: '/:code', summary: 'Get a questionnaire', roles: READERS, params: codeParam, handler: ({ params }) => getQuestionnaire(conn, params.code) }),
    route({ method: 'put', path: '/:code', summary: 'Change a questionnaire (not when archived)', roles: WRITERS, params: codeParam, body: questionnaireFields, handler: ({ params, body, user }) => updateQuestionnaire(conn, params.code, body, user) }),
    route({ method: 'delete', path: '/:code', summary: 'Delete a questionnaire no answer sheet uses (409 otherwise: archive it)', roles: WRITERS, params: codeParam, handler: ({ params, user }) => deleteQuestionnaire(conn, params.code, user) }),
    route({ method: 'post', path: '/:code/archive', summary: 'Archive a questionnaire', roles: WRITERS, params: codeParam, handler: ({ params, user }) => archiveQuestionnaire(conn, params.code, user) }),
    route({ method: 'post', path: '/:code/reorder', summary: 'Reorder and renumber the questions (keeping the script paths by default)', roles: WRITERS, params: codeParam, body: reorderBody, handler: ({ params, body, user }) => reorder(conn, params.code, body, user) }),
    route({ method: 'post', path: '/:code/copy-questions', summary: 'Copy some or all questions of another questionnaire to the end of this one', roles: WRITERS, params: codeParam, body: copyBody, handler: ({ params, body, user }) => copyInto(conn, params.code, body, user) }),
    route({ method: 'get', path: '/:code/export', summary: 'Export as a JSON file', roles: READERS, params: codeParam, handler: ({ params }) => exportFile(conn, params.code) }),
    route({ method: 'get', path: '/:code/export/csv', summary: 'Export as a spreadsheet (CSV, UTF-8 with BOM)', roles: READERS, params: codeParam, handler: async ({ params, res }) => {
      const csv = await exportCsv(conn, params.code);
      res.type('text/csv; charset=utf-8').attachment(`${params.code}.csv`).send(csv);
    } }),
    route({ method: 'post', path: '/:code/script', summary: 'Guided script: the next question for the answers so far (follows the branches)', roles: READERS, params: codeParam, body: answersBody, handler: ({ params, body }) => nextStep(conn, params.code, body) }),
    route({ method: 'post', path: '/:code/sheets', summary: 'Record an answer sheet; it is checked and flagged valid or not with the reasons', roles: ANSWERERS, params: codeParam, body: sheetBody, status: 201, handler: ({ params, body, user }) => submitSheet(conn, params.code, body, user) }),
    route({ method: 'get', path: '/:code/sheets', summary: 'Answer sheets of a questionnaire (?planId)', roles: ['admin', 'process-owner', 'operator', 'auditor'], params: codeParam, query: statsQuery.pick({ planId: true }), handler: ({ params, query }) => listSheets(conn, params.code, query.planId) }),
    route({ method: 'get', path: '/:code/statistics', summary: 'Per-question statistics: distribution and open answers (?planId, ?validOnly)', roles: ['admin', 'process-owner', 'operator', 'auditor'], params: codeParam, query: statsQuery, handler: ({ params, query }) => statistics(conn, params.code, query) }),
  ]);
}
