/** Target lists for plans: an uploaded CSV (header `customerId`, optional `priority`, other columns kept) or a customer query. */
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { CsvReader } from '../../core/eventlog/csv-reader';
import { selectCustomers, type TargetInput } from '../../store/campaign/targets';
import { AppError, type FieldProblem } from '../errors';
import type { customerQuery } from './plans.schemas';

const ID = /^[\w.:@-]{1,200}$/;

/** Parses a target CSV; every bad row is reported with its line number. */
export function parseTargetCsv(text: string): TargetInput[] {
  const reader = new CsvReader();
  const records = [...reader.push(text), ...reader.end()].filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [header, ...rows] = records;
  const cols = (header?.fields ?? []).map((f) => f.trim());
  const idCol = cols.indexOf('customerId');
  if (idCol < 0) throw AppError.badRequest('the CSV needs a header row with a customerId column', [{ field: 'body.header', message: 'no customerId column' }]);
  const prioCol = cols.indexOf('priority');
  const problems: FieldProblem[] = [];
  const out: TargetInput[] = [];
  for (const r of rows) {
    const id = (r.fields[idCol] ?? '').trim();
    if (!ID.test(id)) {
      problems.push({ field: `body.line ${r.line}.customerId`, message: `invalid customer id "${id.slice(0, 50)}"` });
      continue;
    }
    let priority: number | undefined;
    if (prioCol >= 0 && (r.fields[prioCol] ?? '').trim() !== '') {
      priority = Number(r.fields[prioCol]);
      if (!Number.isInteger(priority) || Math.abs(priority) > 1000) {
        problems.push({ field: `body.line ${r.line}.priority`, message: `priority must be a whole number within ±1000` });
        continue;
      }
    }
    const data: Record<string, string> = {};
    cols.forEach((c, i) => {
      if (i !== idCol && i !== prioCol && c && /^[\w-]{1,64}$/.test(c)) data[c] = (r.fields[i] ?? '').slice(0, 500);
    });
    out.push({ customerId: id, ...(priority !== undefined ? { priority } : {}), ...(Object.keys(data).length ? { data } : {}) });
  }
  if (problems.length > 0) throw AppError.badRequest(`${problems.length} bad row(s): ${problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems.slice(0, 100));
  if (out.length === 0) throw AppError.badRequest('the CSV lists no customers', [{ field: 'body', message: 'no rows' }]);
  return out;
}

/** Customers matching the query, in id order. */
export function queryTargets(conn: Connection, q: z.infer<typeof customerQuery>): Promise<TargetInput[]> {
  return selectCustomers(conn, q);
}
