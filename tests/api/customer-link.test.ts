/**
 * `/customer-link` on FerretDB: an agent issues a link for one target customer of a plan; the
 * customer, with no account, reads the questionnaire, follows a branch and answers once. Expired,
 * tampered, login-token and wrong-questionnaire links are refused; staff sign-ins are not links.
 */
import { SignJWT } from 'jose';
import request from 'supertest';
import { linkKey, signLink } from '../../api/customer-link/customer-link.token';
import { LINK_REQUESTS_PER_MINUTE } from '../../api/customer-link/customer-link.router';
import { planModel } from '../../store/campaign/plans';
import { answerSheetModel } from '../../store/campaign/questionnaires';
import { targetModel } from '../../store/campaign/targets';
import { surveyFixture } from '../unit/questionnaire/fixture';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
const LINK = 'X-Customer-Link';

async function addPlan(id: string, questionnaireCode: string | undefined, customers: string[]): Promise<void> {
  await planModel(api.db).create({
    _id: id,
    code: id,
    name: `plan ${id}`,
    strategyId: 's1',
    strategyVersion: 1,
    service: questionnaireCode ? { questionnaireCode } : {},
    concurrency: 1,
    targetSource: { kind: 'csv' },
    targets: customers.length,
    status: 'created',
    statusLog: [],
    createdBy: 'test',
  });
  await targetModel(api.db).insertMany(customers.map((c, i) => ({ _id: `${id}:${c}`, planId: id, customerId: c, order: i, priority: 0 })));
}

beforeAll(async () => {
  api = await createTestApi('api-link');
  const { code: _c, validFrom: _f, validUntil: _u, ...rest } = surveyFixture();
  await request(api.app).post('/questionnaires').set(api.auth('process-owner')).send({ ...rest, code: 'SAT-L' }).expect(201);
  await request(api.app).post('/questionnaires').set(api.auth('process-owner')).send({ ...rest, code: 'OTHER' }).expect(201);
  await addPlan('plan-l', 'SAT-L', ['cust-1', 'cust-2', 'cust-3', 'cust-4']);
  await addPlan('plan-free', undefined, ['cust-9']);
}, 60_000);
afterAll(async () => api?.close());

const issue = async (body: Record<string, unknown>, status = 201): Promise<{ token: string; path: string; expiresAt: number; questionnaireCode: string }> =>
  (await request(api.app).post('/customer-link/tokens').set(api.auth('agent')).send(body).expect(status)).body as never;

const yesPath = [{ questionId: 'q1', options: ['yes'] }, { questionId: 'q3', text: 'friendly engineer' }, { questionId: 'q4', options: ['y'] }];

it('when a customer opens a link, then they see the plan questionnaire, walk its branches and answer once as themselves', async () => {
  const link = await issue({ planId: 'plan-l', customerId: 'cust-1' });
  expect(link.questionnaireCode).toBe('SAT-L');
  expect(link.path).toBe(`/#/answer/${link.token}`);
  expect(link.expiresAt).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);

  const view = await request(api.app).get('/customer-link/questionnaire').set(LINK, link.token).expect(200);
  expect(view.body).toMatchObject({ code: 'SAT-L', name: 'Return visit satisfaction', answered: false });
  expect((view.body as { questions: unknown[] }).questions).toHaveLength(5);
  expect(view.body.validity).toBeUndefined();

  const step = await request(api.app).post('/customer-link/script').set(LINK, link.token).send({ answers: [{ questionId: 'q1', options: ['no'] }] }).expect(200);
  expect(step.body.next.id).toBe('q2');

  // An incomplete sheet is refused naming the question, and the link stays usable.
  const partial = await request(api.app).post('/customer-link/answers').set(LINK, link.token).send({ answers: [{ questionId: 'q1', options: ['no'] }] }).expect(422);
  expect(partial.headers['content-type']).toMatch(/problem\+json/);
  expect((partial.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('body.answers[q2]');

  const done = await request(api.app).post('/customer-link/answers').set(LINK, link.token).send({ answers: yesPath, startedAt: Date.now() - 60_000 }).expect(201);
  expect(done.body).toMatchObject({ valid: true, reasons: [] });
  const sheet = await answerSheetModel(api.db).findById(done.body.id).lean();
  expect(sheet).toMatchObject({ questionnaireCode: 'SAT-L', planId: 'plan-l', respondent: 'cust-1', recordedBy: 'customer-link', valid: true });

  // Reuse: refused, and still one sheet.
  const again = await request(api.app).post('/customer-link/answers').set(LINK, link.token).send({ answers: yesPath }).expect(409);
  expect(again.body.detail).toMatch(/already been used/);
  expect(await answerSheetModel(api.db).countDocuments({ respondent: 'cust-1' })).toBe(1);
  expect((await request(api.app).get('/customer-link/questionnaire').set(LINK, link.token).expect(200)).body.answered).toBe(true);

  // The operators see the sheet through the usual route.
  const sheets = await request(api.app).get('/questionnaires/SAT-L/sheets?planId=plan-l').set(api.auth('operator')).expect(200);
  expect((sheets.body as { respondent: string }[]).map((s) => s.respondent)).toEqual(['cust-1']);
});

it('when a link has expired, then every customer route answers 401', async () => {
  const key = linkKey(await loginKey());
  const { token } = await signLink(key, { planId: 'plan-l', customerId: 'cust-2', questionnaireCode: 'SAT-L' }, 60, Date.now() - 3600_000);
  const res = await request(api.app).get('/customer-link/questionnaire').set(LINK, token).expect(401);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  await request(api.app).post('/customer-link/answers').set(LINK, token).send({ answers: yesPath }).expect(401);
  expect(await answerSheetModel(api.db).countDocuments({ respondent: 'cust-2' })).toBe(0);
});

it('when a link is tampered with, then it is refused', async () => {
  const link = await issue({ planId: 'plan-l', customerId: 'cust-2' });
  const [h, payload, sig] = link.token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'cust-3' })).toString('base64url');
  await request(api.app).get('/customer-link/questionnaire').set(LINK, `${h}.${forged}.${sig}`).expect(401);
  const flipped = sig.slice(0, -2) + (sig.endsWith('AA') ? 'BB' : 'AA');
  await request(api.app).get('/customer-link/questionnaire').set(LINK, `${h}.${payload}.${flipped}`).expect(401);
  await request(api.app).get('/customer-link/questionnaire').set(LINK, 'not-a-token').expect(401);
  // A login token is no link, and a link is no login.
  await request(api.app).get('/customer-link/questionnaire').set(LINK, api.tokens.admin).expect(401);
  await request(api.app).get('/questionnaires/SAT-L').set('Authorization', `Bearer ${link.token}`).expect(401);
  await request(api.app).get('/questionnaires/SAT-L').set(LINK, link.token).expect(401);
  // A staff sign-in without a link is not a customer.
  await request(api.app).get('/customer-link/questionnaire').set(api.auth('admin')).expect(403);
});

it('when a link is signed for another questionnaire than the plan uses, then it cannot be issued, and a link grants only its own questionnaire', async () => {
  const res = await issue({ planId: 'plan-l', customerId: 'cust-3', questionnaireCode: 'OTHER' }, 422);
  expect((res as unknown as { errors: { field: string }[] }).errors[0].field).toBe('body.questionnaireCode');
  await issue({ planId: 'plan-l', customerId: 'nobody' }, 422);
  await issue({ planId: 'no-plan', customerId: 'cust-3' }, 422);
  await issue({ planId: 'plan-free', customerId: 'cust-9' }, 422);
  const other = await issue({ planId: 'plan-free', customerId: 'cust-9', questionnaireCode: 'OTHER' });
  const view = await request(api.app).get('/customer-link/questionnaire').set(LINK, other.token).expect(200);
  expect(view.body.code).toBe('OTHER');
  // The body cannot redirect the sheet to another questionnaire, plan or respondent: strict schema.
  const sneaky = await request(api.app).post('/customer-link/answers').set(LINK, other.token).send({ answers: yesPath, questionnaireCode: 'SAT-L', respondent: 'cust-1' }).expect(400);
  expect(sneaky.headers['content-type']).toMatch(/problem\+json/);
  await request(api.app).post('/customer-link/answers').set(LINK, other.token).send({ answers: yesPath }).expect(201);
  expect(await answerSheetModel(api.db).countDocuments({ questionnaireCode: 'SAT-L', respondent: 'cust-9' })).toBe(0);
  expect(await answerSheetModel(api.db).countDocuments({ questionnaireCode: 'OTHER', respondent: 'cust-9', planId: 'plan-free' })).toBe(1);
});

it('when the questionnaire is archived after the link was issued, then the link answers 409', async () => {
  await request(api.app).post('/questionnaires').set(api.auth('process-owner')).send({ ...surveyFixture(), code: 'ARCH', validFrom: undefined, validUntil: undefined }).expect(201);
  const link = await issue({ planId: 'plan-free', customerId: 'cust-9', questionnaireCode: 'ARCH' });
  await request(api.app).post('/questionnaires/ARCH/archive').set(api.auth('process-owner')).expect(200);
  await request(api.app).get('/customer-link/questionnaire').set(LINK, link.token).expect(409);
});

it('when one link is used too often, then it is rate limited with 429', async () => {
  const link = await issue({ planId: 'plan-l', customerId: 'cust-4' });
  let last = 0;
  for (let i = 0; i <= LINK_REQUESTS_PER_MINUTE; i++) last = (await request(api.app).post('/customer-link/script').set(LINK, link.token).send({ answers: [] })).status;
  expect(last).toBe(429);
  // Another link is not affected.
  const other = await issue({ planId: 'plan-l', customerId: 'cust-3' });
  await request(api.app).post('/customer-link/script').set(LINK, other.token).send({ answers: [] }).expect(200);
});

it('when a customer link is made with a forged key, then it is refused (the key is not the login key)', async () => {
  const token = await new SignJWT({ plan: 'plan-l', q: 'SAT-L' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('cust-1')
    .setIssuer('touchpoint/customer-link')
    .setAudience('customer-link')
    .setJti('x')
    .setExpirationTime('1h')
    .sign(await loginKey());
  await request(api.app).get('/customer-link/questionnaire').set(LINK, token).expect(401);
});

/** The login key the app signs with (kept in settings when no JWT_SECRET is configured). */
async function loginKey(): Promise<Uint8Array> {
  const { loadJwtKey } = await import('../../api/auth/auth.service');
  return loadJwtKey(api.db, api.config.JWT_SECRET);
}

it('when the questionnaire is outside its validity period or the plan is cancelled, then no link is issued, and an issued link is closed', async () => {
  const { code: _c, ...rest } = surveyFixture();
  const past = { ...rest, validFrom: Date.UTC(2020, 0, 1), validUntil: Date.UTC(2021, 0, 1) };
  await request(api.app).post('/questionnaires').set(api.auth('process-owner')).send({ ...past, code: 'OLD' }).expect(201);
  const expired = await request(api.app).post('/customer-link/tokens').set(api.auth('agent')).send({ planId: 'plan-free', customerId: 'cust-9', questionnaireCode: 'OLD' }).expect(409);
  expect(expired.body.detail).toMatch(/validity/);
  // A link signed before the period ended (made here with the key) is closed too.
  const { token } = await signLink(linkKey(await loginKey()), { planId: 'plan-free', customerId: 'cust-9', questionnaireCode: 'OLD' }, 3600);
  const closed = await request(api.app).get('/customer-link/questionnaire').set(LINK, token).expect(409);
  expect(closed.body.detail).toBe('this questionnaire is closed');

  await addPlan('plan-off', 'SAT-L', ['cust-7']);
  await planModel(api.db).updateOne({ _id: 'plan-off' }, { $set: { status: 'cancelled' } });
  await issue({ planId: 'plan-off', customerId: 'cust-7' }, 409);
});
