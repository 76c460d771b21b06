/**
 * `/questionnaires` on FerretDB: a branching questionnaire through create, the guided script on
 * each branch path, answer sheets flagged valid or not, statistics, reorder, copy, JSON
 * export/import, archive and delete rules, validation naming the question, roles.
 */
import request from 'supertest';
import { surveyFixture } from '../unit/questionnaire/fixture';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('api-quest');
  const { code: _c, ...rest } = surveyFixture();
  await request(api.app).post('/questionnaires').set(api.auth('process-owner')).send({ ...rest, code: 'SAT-1' }).expect(201);
}, 60_000);
afterAll(async () => api?.close());

const at = (min: number): number => Date.UTC(2026, 5, 1, 10, min);
type Script = { answered: string[]; next?: { id: string }; complete: boolean };
const script = async (answers: unknown[]): Promise<Script> =>
  (await request(api.app).post('/questionnaires/SAT-1/script').set(api.auth('agent')).send({ answers }).expect(200)).body as Script;

it('when an agent follows the script, then each branch path asks the questions its answers lead to', async () => {
  expect((await script([])).next?.id).toBe('q1');
  // yes → q3 → q4; y → end
  expect((await script([{ questionId: 'q1', options: ['yes'] }])).next?.id).toBe('q3');
  expect((await script([{ questionId: 'q1', options: ['yes'] }, { questionId: 'q3', text: 'quick' }])).next?.id).toBe('q4');
  const yesEnd = await script([{ questionId: 'q1', options: ['yes'] }, { questionId: 'q3', text: 'quick' }, { questionId: 'q4', options: ['y'] }]);
  expect(yesEnd).toMatchObject({ complete: true, answered: ['q1', 'q3', 'q4'] });
  expect(yesEnd.next).toBeUndefined();
  // no → q2 → q4; n → q5 → end
  expect((await script([{ questionId: 'q1', options: ['no'] }])).next?.id).toBe('q2');
  expect((await script([{ questionId: 'q1', options: ['no'] }, { questionId: 'q2', options: ['price'] }])).next?.id).toBe('q4');
  const noPath = [{ questionId: 'q1', options: ['no'] }, { questionId: 'q2', options: ['price'] }, { questionId: 'q4', options: ['n'] }];
  expect((await script(noPath)).next?.id).toBe('q5');
  expect(await script([...noPath, { questionId: 'q5', text: 'evenings' }])).toMatchObject({ complete: true, answered: ['q1', 'q2', 'q4', 'q5'] });
});

it('when answer sheets arrive, then each is stored with a validity flag and reasons, and statistics count the valid ones', async () => {
  const agent = api.auth('agent');
  const base = { respondent: 'cust-1', startedAt: at(0), answeredAt: at(5), planId: 'plan-q' };
  const good = await request(api.app).post('/questionnaires/SAT-1/sheets').set(agent).send({ ...base, id: 'sh-1', answers: [{ questionId: 'q1', options: ['yes'] }, { questionId: 'q3', text: 'the engineer' }, { questionId: 'q4', options: ['y'] }] }).expect(201);
  expect(good.body).toMatchObject({ _id: 'sh-1', valid: true, reasons: [] });
  await request(api.app).post('/questionnaires/SAT-1/sheets').set(agent).send({ ...base, id: 'sh-2', respondent: 'cust-2', answers: [{ questionId: 'q1', options: ['no'] }, { questionId: 'q2', options: ['price', 'speed'] }, { questionId: 'q4', options: ['y'] }] }).expect(201);
  // Required q2 missing on the "no" path; and an option code that does not exist.
  const missing = await request(api.app).post('/questionnaires/SAT-1/sheets').set(agent).send({ ...base, id: 'sh-3', answers: [{ questionId: 'q1', options: ['no'] }, { questionId: 'q4', options: ['y'] }] }).expect(201);
  expect(missing.body.valid).toBe(false);
  expect((missing.body as { reasons: { questionId?: string }[] }).reasons.some((r) => r.questionId === 'q2')).toBe(true);
  const unknownOption = await request(api.app).post('/questionnaires/SAT-1/sheets').set(agent).send({ ...base, id: 'sh-4', answers: [{ questionId: 'q1', options: ['maybe'] }] }).expect(201);
  expect(unknownOption.body.valid).toBe(false);
  await request(api.app).post('/questionnaires/SAT-1/sheets').set(agent).send({ ...base, id: 'sh-1', answers: [] }).expect(409);
  await request(api.app).post('/questionnaires/SAT-1/sheets').set(api.auth('auditor')).send({ ...base, id: 'sh-9', answers: [] }).expect(403);

  const stats = await request(api.app).get('/questionnaires/SAT-1/statistics?planId=plan-q').set(api.auth('operator')).expect(200);
  expect(stats.body).toMatchObject({ sheets: 4, counted: 2 });
  const q1 = (stats.body as { questions: { questionId: string; responses: number; options: { code: string; count: number }[] }[] }).questions.find((q) => q.questionId === 'q1');
  expect(q1?.responses).toBe(2);
  expect(q1?.options.map((o) => [o.code, o.count])).toEqual([['yes', 1], ['no', 1]]);
  const all = await request(api.app).get('/questionnaires/SAT-1/statistics?validOnly=false').set(api.auth('operator')).expect(200);
  expect(all.body.counted).toBe(4);
  const sheets = await request(api.app).get('/questionnaires/SAT-1/sheets?planId=plan-q').set(api.auth('auditor')).expect(200);
  expect((sheets.body as { _id: string; valid: boolean }[]).map((s) => [s._id, s.valid])).toEqual([['sh-1', true], ['sh-2', true], ['sh-3', false], ['sh-4', false]]);
});

it('when a questionnaire is invalid, then 422 problem+json names the question', async () => {
  const bad = await request(api.app)
    .post('/questionnaires')
    .set(api.auth('process-owner'))
    .send({ code: 'BAD', name: 'Bad', provider: { department: 'Q', designer: 'x' }, questions: [{ id: 'a', number: 1, text: 'A?', type: 'single', required: true, options: [{ code: 'y', text: 'Y', next: 'nowhere' }] }] })
    .expect(422);
  expect(bad.headers['content-type']).toMatch(/problem\+json/);
  expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('body.questions[a]');
  const wrongType = await request(api.app).post('/questionnaires').set(api.auth('process-owner')).send({ code: 'BAD2', name: 'x', provider: { department: 'Q', designer: 'x' }, questions: [{ id: 'a', number: 1, text: 'A', type: 'essay' }] }).expect(400);
  expect(wrongType.body.detail).toMatch(/body\.questions\.0\.type/);
});

it('when questions are reordered, copied, exported and imported, then the script paths survive', async () => {
  const owner = api.auth('process-owner');
  const { code: _c, ...rest } = surveyFixture();
  await request(api.app).post('/questionnaires').set(owner).send({ ...rest, code: 'SAT-R', name: 'Reorder me' }).expect(201);
  const re = await request(api.app).post('/questionnaires/SAT-R/reorder').set(owner).send({ questionIds: ['q1', 'q3', 'q2', 'q4', 'q5'] }).expect(200);
  expect((re.body as { questions: { id: string; number: number }[] }).questions.map((q) => `${q.id}:${q.number}`)).toEqual(['q1:1', 'q3:2', 'q2:3', 'q4:4', 'q5:5']);
  // q3 used to fall through to q4; after the move it must still go to q4, not to q2.
  const after = await request(api.app).post('/questionnaires/SAT-R/script').set(owner).send({ answers: [{ questionId: 'q1', options: ['yes'] }, { questionId: 'q3', text: 'x' }] }).expect(200);
  expect(after.body.next.id).toBe('q4');
  await request(api.app).post('/questionnaires/SAT-R/reorder').set(owner).send({ questionIds: ['q1'] }).expect(422);

  await request(api.app).post('/questionnaires').set(owner).send({ code: 'EMPTY', name: 'Target', provider: { department: 'Q', designer: 'x' }, questions: [{ id: 'intro', number: 1, text: 'Anything first?', type: 'open', required: false }] }).expect(201);
  const copied = await request(api.app).post('/questionnaires/EMPTY/copy-questions').set(owner).send({ from: 'SAT-1', questionIds: ['q4', 'q5'] }).expect(200);
  expect((copied.body as { questions: { id: string }[] }).questions.map((q) => q.id)).toEqual(['intro', 'q4', 'q5']);
  await request(api.app).post('/questionnaires/EMPTY/copy-questions').set(owner).send({ from: 'SAT-1', questionIds: ['zz'] }).expect(422);

  const file = await request(api.app).get('/questionnaires/SAT-1/export').set(api.auth('auditor')).expect(200);
  const imported = { ...(file.body as { questionnaire: Record<string, unknown> }) };
  imported.questionnaire = { ...imported.questionnaire, code: 'SAT-IMPORTED' };
  const back = await request(api.app).post('/questionnaires/import').set(owner).send(imported).expect(201);
  expect(back.body).toMatchObject({ _id: 'SAT-IMPORTED', name: 'Return visit satisfaction' });
  expect((back.body as { questions: unknown[] }).questions).toEqual(surveyFixture().questions);
  await request(api.app).post('/questionnaires/import').set(owner).send({ format: 'nope' }).expect(422);
});

it('when a questionnaire is archived or has answers, then it cannot change or be deleted', async () => {
  const owner = api.auth('process-owner');
  await request(api.app).delete('/questionnaires/SAT-1').set(owner).expect(409);
  await request(api.app).delete('/questionnaires/EMPTY').set(owner).expect(204);
  await request(api.app).post('/questionnaires/SAT-R/archive').set(owner).expect(200);
  const { code: _c, ...rest } = surveyFixture();
  expect((await request(api.app).put('/questionnaires/SAT-R').set(owner).send(rest).expect(409)).body.detail).toMatch(/archived/);
  const archived = await request(api.app).get('/questionnaires?status=archived').set(api.auth('agent')).expect(200);
  expect((archived.body as { _id: string }[]).map((q) => q._id)).toEqual(['SAT-R']);
  const found = await request(api.app).get('/questionnaires?q=imported').set(api.auth('agent')).expect(200);
  expect((found.body as { _id: string }[]).map((q) => q._id)).toEqual(['SAT-IMPORTED']);
  await request(api.app).post('/questionnaires').set(api.auth('agent')).send({ code: 'NO', name: 'x', provider: { department: 'Q', designer: 'x' }, questions: [] }).expect(403);
  await request(api.app).get('/questionnaires/SAT-1/statistics').set(api.auth('agent')).expect(403);
});
