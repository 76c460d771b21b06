/**
 * A questionnaire as a spreadsheet: CSV by RFC 4180 (quoted fields, doubled quotes, CRLF), UTF-8
 * with a byte-order mark so Excel opens Chinese text correctly. One table, one record per row:
 *
 *   record    | id            | number | type | required | text  | option_code | option_text | next | min_choices | max_choices
 *   meta      | name, purpose, summary, department, designer, validFrom, validUntil (ISO time),
 *             | minAnswered, minDurationMs, maxDurationMs, requireComplete  → value in `text`
 *   question  | question id   | 1      | single/multiple/open | yes/no | question text | | | default next | … | …
 *   option    | its question  |        |      |          |       | code | text | option's next
 *
 * Options follow their question. Cells that a spreadsheet would read as a formula (= + - @ tab CR)
 * are written with a leading apostrophe and read back without it, so the round trip is exact.
 */
import type { Question, Questionnaire, ValidityRules } from '../../core/questionnaire';

export const CSV_COLUMNS = ['record', 'id', 'number', 'type', 'required', 'text', 'option_code', 'option_text', 'next', 'min_choices', 'max_choices'] as const;
type Column = (typeof CSV_COLUMNS)[number];

const BOM = '\uFEFF';
const FORMULA = /^'*[=+\-@\t\r]/;

/** One fault in a spreadsheet: its 1-based row (the header is row 1) and column name. */
export interface CsvProblem {
  row: number;
  column: string;
  message: string;
}

/** Thrown when a spreadsheet cannot be read as a questionnaire; `problems` names every bad cell found. */
export class CsvFormatError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(problems.map((p) => `row ${p.row}, column ${p.column}: ${p.message}`).join('; '));
    this.name = 'CsvFormatError';
  }
}

function cell(value: string): string {
  const v = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Splits RFC 4180 text into rows of cells; throws on an unterminated quote. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new CsvFormatError([{ row: rows.length + 1, column: String(row.length + 1), message: 'a quoted cell is never closed' }]);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

/** The questionnaire as CSV text (with BOM, CRLF line ends). */
export function questionnaireToCsv(q: Questionnaire): string {
  const lines: string[][] = [[...CSV_COLUMNS]];
  const blank = (): Record<Column, string> => Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<Column, string>;
  const push = (r: Partial<Record<Column, string>>): void => {
    const full = { ...blank(), ...r };
    lines.push(CSV_COLUMNS.map((c) => full[c]));
  };
  const meta = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') push({ record: 'meta', id: key, text: value });
  };
  meta('code', q.code);
  meta('name', q.name);
  meta('purpose', q.purpose);
  meta('summary', q.summary);
  meta('department', q.provider.department);
  meta('designer', q.provider.designer);
  meta('validFrom', iso(q.validFrom));
  meta('validUntil', iso(q.validUntil));
  const v = q.validity ?? {};
  meta('minAnswered', v.minAnswered?.toString());
  meta('minDurationMs', v.minDurationMs?.toString());
  meta('maxDurationMs', v.maxDurationMs?.toString());
  meta('requireComplete', v.requireComplete === undefined ? undefined : v.requireComplete ? 'yes' : 'no');
  for (const x of q.questions) {
    push({
      record: 'question',
      id: x.id,
      number: String(x.number),
      type: x.type,
      required: x.required ? 'yes' : 'no',
      text: x.text,
      next: x.next ?? '',
      min_choices: x.minChoices?.toString() ?? '',
      max_choices: x.maxChoices?.toString() ?? '',
    });
    for (const o of x.options ?? []) push({ record: 'option', id: x.id, option_code: o.code, option_text: o.text, next: o.next ?? '' });
  }
  return BOM + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

const META_KEYS = new Set(['code', 'name', 'purpose', 'summary', 'department', 'designer', 'validFrom', 'validUntil', 'minAnswered', 'minDurationMs', 'maxDurationMs', 'requireComplete']);

/**
 * Reads CSV text into a questionnaire (not yet checked for branches and numbering: the caller runs
 * the questionnaire rules). Throws {@link CsvFormatError} naming the row and column of every bad cell.
 */
export function questionnaireFromCsv(text: string): Questionnaire {
  const rows = parseCsv(text);
  const problems: CsvProblem[] = [];
  const bad = (row: number, column: string, message: string): void => {
    problems.push({ row, column, message });
  };
  const header = (rows[0] ?? []).map((h) => h.trim());
  const at = new Map(header.map((h, i) => [h, i]));
  for (const c of CSV_COLUMNS) if (!at.has(c)) bad(1, c, 'missing column in the header row');
  if (problems.length > 0) throw new CsvFormatError(problems);

  const meta: Record<string, string> = {};
  const questions: Question[] = [];
  rows.slice(1).forEach((cells, k) => {
    const row = k + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const get = (c: Column): string => {
      const raw = cells[at.get(c)!] ?? '';
      return /^'+[=+\-@\t\r]/.test(raw) ? raw.slice(1) : raw;
    };
    const int = (c: Column, min: number): number | undefined => {
      const s = get(c).trim();
      if (s === '') return undefined;
      if (!/^\d+$/.test(s) || Number(s) < min) {
        bad(row, c, `must be a whole number of at least ${min}`);
        return undefined;
      }
      return Number(s);
    };
    const record = get('record').trim();
    if (record === 'meta') {
      const key = get('id').trim();
      if (!META_KEYS.has(key)) return bad(row, 'id', `unknown field "${key}"; expected one of ${[...META_KEYS].join(', ')}`);
      if (key in meta) return bad(row, 'id', `field "${key}" appears twice`);
      meta[key] = get('text');
    } else if (record === 'question') {
      const id = get('id').trim();
      if (!id) bad(row, 'id', 'a question needs an id');
      const type = get('type').trim();
      if (type !== 'single' && type !== 'multiple' && type !== 'open') bad(row, 'type', 'must be single, multiple or open');
      const required = get('required').trim().toLowerCase();
      if (!['yes', 'no', 'true', 'false', ''].includes(required)) bad(row, 'required', 'must be yes or no');
      const number = int('number', 0);
      if (get('number').trim() === '') bad(row, 'number', 'a question needs a number');
      const text = get('text');
      if (!text.trim()) bad(row, 'text', 'a question needs its text');
      const min = int('min_choices', 0);
      const max = int('max_choices', 1);
      const next = get('next').trim();
      questions.push({
        id,
        number: number ?? 0,
        text,
        type: type as Question['type'],
        required: required === 'yes' || required === 'true',
        ...(type !== 'open' ? { options: [] } : {}),
        ...(next ? { next } : {}),
        ...(min !== undefined ? { minChoices: min } : {}),
        ...(max !== undefined ? { maxChoices: max } : {}),
      });
    } else if (record === 'option') {
      const owner = questions[questions.length - 1];
      const id = get('id').trim();
      if (!owner) return bad(row, 'record', 'an option must follow its question');
      if (id !== owner.id) return bad(row, 'id', `an option row must name the question above it ("${owner.id}")`);
      if (owner.type === 'open') return bad(row, 'record', `question ${owner.id} is open text and takes no options`);
      const code = get('option_code').trim();
      const text = get('option_text');
      if (!code) bad(row, 'option_code', 'an option needs a code');
      if (!text.trim()) bad(row, 'option_text', 'an option needs its text');
      const next = get('next').trim();
      (owner.options ??= []).push({ code, text, ...(next ? { next } : {}) });
    } else {
      bad(row, 'record', `must be meta, question or option, not "${record}"`);
    }
  });
  for (const key of ['code', 'name', 'department', 'designer']) {
    if (!meta[key]?.trim()) bad(1, 'id', `the meta row "${key}" is missing or empty`);
  }
  const time = (key: 'validFrom' | 'validUntil'): number | undefined => {
    const s = meta[key]?.trim();
    if (!s) return undefined;
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) {
      const idx = rows.findIndex((r) => r[at.get('record')!] === 'meta' && r[at.get('id')!]?.trim() === key);
      bad(idx + 1, 'text', `${key} must be a date and time (ISO 8601)`);
      return undefined;
    }
    return ms;
  };
  const validFrom = time('validFrom');
  const validUntil = time('validUntil');
  const validity: ValidityRules = {};
  for (const key of ['minAnswered', 'minDurationMs', 'maxDurationMs'] as const) {
    const s = meta[key]?.trim();
    if (s === undefined || s === '') continue;
    if (!/^\d+$/.test(s)) {
      const idx = rows.findIndex((r) => r[at.get('record')!] === 'meta' && r[at.get('id')!]?.trim() === key);
      bad(idx + 1, 'text', `${key} must be a whole number`);
    } else validity[key] = Number(s);
  }
  if (meta.requireComplete !== undefined && meta.requireComplete.trim() !== '') validity.requireComplete = ['yes', 'true'].includes(meta.requireComplete.trim().toLowerCase());
  if (problems.length > 0) throw new CsvFormatError(problems);
  return {
    code: meta.code.trim(),
    name: meta.name,
    ...(meta.purpose ? { purpose: meta.purpose } : {}),
    ...(meta.summary ? { summary: meta.summary } : {}),
    provider: { department: meta.department, designer: meta.designer },
    ...(validFrom !== undefined ? { validFrom } : {}),
    ...(validUntil !== undefined ? { validUntil } : {}),
    questions,
    ...(Object.keys(validity).length > 0 ? { validity } : {}),
  };
}

/** CSV problems as the problem+json `errors` list: field `row N.column`. */
export function csvFieldProblems(e: CsvFormatError): { field: string; message: string }[] {
  return e.problems.map((p) => ({ field: `row ${p.row}.${p.column}`, message: `row ${p.row}, column ${p.column}: ${p.message}` }));
}
