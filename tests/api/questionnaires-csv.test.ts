/**
 * Questionnaires as spreadsheets: CSV (RFC 4180, UTF-8 with BOM) round trips exactly, including
 * Chinese text, quotes, commas, line breaks and formula-like cells; bad rows are reported by row
 * and column as problem+json; the routes on FerretDB.
 */
import request from 'supertest';
import { END, type Questionnaire } from '../../core/questionnaire';
import { CsvFormatError, parseCsv, questionnaireFromCsv, questionnaireToCsv } from '../../api/questionnaires/questionnaires.csv';
import { surveyFixture } from '../unit/questionnaire/fixture';
import { createTestApi, type TestApi } from './helpers';

function chineseSurvey(): Questionnaire {
  const q = surveyFixture();
  return {
    ...q,
    code: 'CN-1',
    name: '回访满意度调查',
    purpose: '维修后回访, "满意度"',
    summary: 'line one\r\nline two, with comma',
    provider: { department: '质量部', designer: '李伟' },
    validity: { minAnswered: 2, minDurationMs: 1000, requireComplete: true },
    questions: q.questions.map((x) => (x.id === 'q3' ? { ...x, text: '=HYPERLINK("http://x") 您喜欢什么？' } : x.id === 'q5' ? { ...x, text: '-可以回电吗？' } : x)),
  };
}

describe('CSV format', () => {
  it('when a questionnaire is exported and read back, then it is the same questionnaire', () => {
    for (const q of [surveyFixture(), chineseSurvey()]) {
      const csv = questionnaireToCsv(q);
      expect(questionnaireFromCsv(csv)).toEqual(q);
    }
  });

  it('when exported, then the file starts with a BOM, uses CRLF, quotes what needs quoting and defuses formulas', () => {
    const csv = questionnaireToCsv(chineseSurvey());
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFrecord,id,number,type,required,text,option_code,option_text,next,min_choices,max_choices');
    expect(csv).toContain('meta,purpose,,,,"维修后回访, ""满意度"""');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"") 您喜欢什么？"`);
    expect(csv).toContain(`'-可以回电吗？`);
    expect(csv).toContain(`option,q4,,,,,y,Yes,${END}`);
    // Every row has the same number of cells.
    expect(new Set(parseCsv(csv).map((r) => r.length))).toEqual(new Set([11]));
  });

  it('when a spreadsheet was saved without BOM and with LF line ends, then it still reads', () => {
    const csv = questionnaireToCsv(surveyFixture()).slice(1).replace(/\r\n/g, '\n');
    expect(questionnaireFromCsv(csv)).toEqual(surveyFixture());
  });

  it('when rows are bad, then every bad cell is named by row and column', () => {
    const lines = questionnaireToCsv(surveyFixture()).split('\r\n');
    const q1 = lines.findIndex((l) => l.startsWith('question,q1,'));
    lines[q1] = lines[q1].replace(',single,yes,', ',choice,maybe,');
    const opt = lines.findIndex((l) => l.startsWith('option,q2,'));
    lines[opt] = lines[opt].replace('option,q2,', 'option,q9,');
    lines.push('row,x,,,,,,,,,');
    try {
      questionnaireFromCsv(lines.join('\r\n'));
      throw new Error('expected CsvFormatError');
    } catch (e) {
      expect(e).toBeInstanceOf(CsvFormatError);
      expect((e as CsvFormatError).problems.map((p) => [p.row, p.column])).toEqual([
        [q1 + 1, 'type'],
        [q1 + 1, 'required'],
        [opt + 1, 'id'],
        [lines.length, 'record'],
      ]);
    }
  });

  it('when the header lacks a column or a quote is never closed, then the file is refused with the place', () => {
    expect(() => questionnaireFromCsv('record,id\r\n')).toThrow(/row 1, column number/);
    expect(() => parseCsv('a,"b\r\nc,d')).toThrow(CsvFormatError);
  });
});

describe('CSV routes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('api-qcsv');
    await request(api.app).post('/questionnaires').set(api.auth('process-owner')).send(chineseSurvey()).expect(201);
  }, 60_000);
  afterAll(async () => api?.close());

  it('when exported and imported under another code, then the new questionnaire equals the original', async () => {
    const res = await request(api.app).get('/questionnaires/CN-1/export/csv').set(api.auth('agent')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?CN-1\.csv"?/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').replace('meta,code,,,,CN-1', 'meta,code,,,,CN-2');
    const created = await request(api.app).post('/questionnaires/import/csv').set(api.auth('process-owner')).set('Content-Type', 'text/csv; charset=utf-8').send(text).expect(201);
    expect(created.body._id).toBe('CN-2');
    const [a, b] = await Promise.all(['CN-1', 'CN-2'].map(async (c) => (await request(api.app).get(`/questionnaires/${c}/export`).set(api.auth('agent')).expect(200)).body.questionnaire as Questionnaire));
    expect(b).toEqual({ ...a, code: 'CN-2' });
  });

  it('when a spreadsheet has bad rows, then 422 problem+json names row and column, and nothing is stored', async () => {
    const csv = questionnaireToCsv({ ...surveyFixture(), code: 'BAD-1' }).replace('question,q2,2,multiple,yes', 'question,q2,two,multiple,yes');
    const res = await request(api.app).post('/questionnaires/import/csv').set(api.auth('process-owner')).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const row = csv.split('\r\n').findIndex((l) => l.startsWith('question,q2,')) + 1;
    expect(res.body.errors).toEqual([{ field: `row ${row}.number`, message: `row ${row}, column number: must be a whole number of at least 0` }]);
    await request(api.app).get('/questionnaires/BAD-1').set(api.auth('admin')).expect(404);
  });

  it('when the sheet is well formed but the branches are wrong, then 422 names the question', async () => {
    const csv = questionnaireToCsv({ ...surveyFixture(), code: 'BAD-2' }).replace(`option,q1,,,,,yes,Yes,q3`, `option,q1,,,,,yes,Yes,q77`);
    const res = await request(api.app).post('/questionnaires/import/csv').set(api.auth('process-owner')).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(JSON.stringify(res.body.errors)).toContain('body.questions[q1]');
  });

  it('when an agent imports, then 403; when the body is JSON, then 400', async () => {
    await request(api.app).post('/questionnaires/import/csv').set(api.auth('agent')).set('Content-Type', 'text/csv').send('x').expect(403);
    await request(api.app).post('/questionnaires/import/csv').set(api.auth('admin')).send({ a: 1 }).expect(400);
  });
});

describe('reorder then change', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('api-qreorder');
  }, 60_000);
  afterAll(async () => api?.close());

  it('when a reorder clears a default next, then the stored questionnaire has no null in it and saves back unchanged', async () => {
    const owner = api.auth('process-owner');
    const { validFrom: _f, validUntil: _u, ...q } = { ...surveyFixture(), code: 'RO-1' };
    await request(api.app).post('/questionnaires').set(owner).send(q).expect(201);
    const order = ['q1', 'q3', 'q2', 'q4', 'q5'];
    await request(api.app).post('/questionnaires/RO-1/reorder').set(owner).send({ questionIds: order }).expect(200);
    const back = await request(api.app).post('/questionnaires/RO-1/reorder').set(owner).send({ questionIds: ['q1', 'q2', 'q3', 'q4', 'q5'] }).expect(200);
    expect(JSON.stringify(back.body)).not.toContain('null');
    const { _id, status: _s, revision: _r, createdBy: _c, updatedBy: _u2, createdAt: _ca, updatedAt: _ua, ...fields } = back.body as Record<string, unknown>;
    await request(api.app).put(`/questionnaires/${String(_id)}`).set(owner).send(fields).expect(200);
  });
});
