/**
 * Contact strategies: created and changed with a note, every change a new version (the change log);
 * templates copied into new strategies. Every write is audited.
 */
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { strategyProblems, type ContactStrategy } from '../../core/strategy';
import { strategyModel, type StrategyVersionDoc } from '../../store/campaign/strategies';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError, type FieldProblem } from '../errors';
import type { copyStrategyBody, createStrategyBody, strategyFields, updateStrategyBody } from './strategies.schemas';

const isDup = (err: unknown): boolean => (err as { code?: number }).code === 11000;

/**
 * The request field a strategy problem is about: its leading word, except that calendar problems
 * reported under `windows` may be about the time zone or the holidays, which are fields of their own.
 */
function fieldOfProblem(p: string): string {
  const m = /^windows: (timeZone|holidays?)\b/.exec(p);
  if (m) return m[1] === 'timeZone' ? 'timeZone' : 'holidays';
  return /^(\w+)/.exec(p)?.[1] ?? 'strategy';
}

/** 422 naming the field of each problem the strategy core finds. */
function checkStrategy(s: ContactStrategy): void {
  const problems = strategyProblems(s);
  if (problems.length === 0) return;
  const errors: FieldProblem[] = problems.map((p) => ({ field: `body.${fieldOfProblem(p)}`, message: p }));
  throw AppError.unprocessable(`strategy is invalid: ${problems.join('; ')}`, errors);
}

function toStrategy(id: string, f: z.infer<typeof strategyFields>): ContactStrategy {
  return {
    id,
    name: f.name,
    channels: f.channels,
    ...(f.attemptsPerChannel !== undefined ? { attemptsPerChannel: f.attemptsPerChannel } : {}),
    timeZone: f.timeZone,
    windows: f.windows,
    ...(f.holidays ? { holidays: f.holidays } : {}),
    requiredSkills: f.requiredSkills,
    maxAttempts: f.maxAttempts,
    retrySpacingMs: f.retrySpacingMs,
  };
}

/** The latest version of a strategy, or a given one; 404 when missing. */
export async function getStrategy(conn: Connection, id: string, version?: number): Promise<StrategyVersionDoc> {
  const filter = version ? { strategyId: id, version } : { strategyId: id };
  const doc = await strategyModel(conn).findOne(filter).sort({ version: -1 }).lean();
  if (!doc) throw AppError.notFound(version ? `strategy ${id} version ${version}` : `strategy ${id}`);
  return doc;
}

/** Latest version of every strategy, optionally only templates (or only non-templates). */
export async function listStrategies(conn: Connection, q: { template?: 'true' | 'false' }): Promise<StrategyVersionDoc[]> {
  const all = await strategyModel(conn).find({}).sort({ strategyId: 1, version: -1 }).lean();
  const latest = new Map<string, StrategyVersionDoc>();
  for (const d of all) if (!latest.has(d.strategyId)) latest.set(d.strategyId, d);
  return [...latest.values()].filter((d) => q.template === undefined || d.template === (q.template === 'true'));
}

export function listVersions(conn: Connection, id: string): Promise<StrategyVersionDoc[]> {
  return strategyModel(conn).find({ strategyId: id }).sort({ version: 1 }).lean();
}

async function insertVersion(conn: Connection, doc: Omit<StrategyVersionDoc, 'createdAt'>, actor: Principal, action: string): Promise<StrategyVersionDoc> {
  try {
    const created = (await strategyModel(conn).create(doc)).toObject();
    await appendAudit(conn, { actor: actor.username, action, target: `strategy:${doc.strategyId}`, after: created });
    return created;
  } catch (err) {
    if (isDup(err)) throw AppError.conflict(`strategy ${doc.strategyId} version ${doc.version} exists (changed concurrently?)`);
    throw err;
  }
}

export async function createStrategy(conn: Connection, body: z.infer<typeof createStrategyBody>, actor: Principal): Promise<StrategyVersionDoc> {
  const { id, template, note, ...fields } = body;
  const strategy = toStrategy(id, fields);
  checkStrategy(strategy);
  if (await strategyModel(conn).exists({ strategyId: id })) throw AppError.conflict(`strategy ${id} exists; change it with PUT to make a new version`);
  return insertVersion(
    conn,
    { _id: `${id}:1`, strategyId: id, version: 1, strategy, template, changes: Object.keys(strategy).filter((k) => k !== 'id'), note, createdBy: actor.username },
    actor,
    'strategy.create',
  );
}

export async function updateStrategy(conn: Connection, id: string, body: z.infer<typeof updateStrategyBody>, actor: Principal): Promise<StrategyVersionDoc> {
  const previous = await getStrategy(conn, id);
  const { template, note, ...fields } = body;
  const strategy = toStrategy(id, fields);
  checkStrategy(strategy);
  const keys = new Set([...Object.keys(strategy), ...Object.keys(previous.strategy)]);
  const prev = previous.strategy as unknown as Record<string, unknown>;
  const next = strategy as unknown as Record<string, unknown>;
  const changes = [...keys].filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]));
  const nextTemplate = template ?? previous.template;
  if (nextTemplate !== previous.template) changes.push('template');
  if (changes.length === 0) throw AppError.unprocessable('nothing changed', [{ field: 'body', message: 'the strategy equals its latest version' }]);
  const version = previous.version + 1;
  return insertVersion(
    conn,
    { _id: `${id}:${version}`, strategyId: id, version, strategy, template: nextTemplate, changes, note, createdBy: actor.username },
    actor,
    'strategy.update',
  );
}

/** A new strategy from an existing one (typically a template), starting at version 1. */
export async function copyStrategy(conn: Connection, sourceId: string, body: z.infer<typeof copyStrategyBody>, actor: Principal): Promise<StrategyVersionDoc> {
  const source = await getStrategy(conn, sourceId, body.version);
  if (await strategyModel(conn).exists({ strategyId: body.id })) throw AppError.conflict(`strategy ${body.id} exists`);
  const strategy: ContactStrategy = { ...source.strategy, id: body.id, name: body.name ?? source.strategy.name };
  return insertVersion(
    conn,
    {
      _id: `${body.id}:1`,
      strategyId: body.id,
      version: 1,
      strategy,
      template: false,
      changes: ['copied'],
      copiedFrom: `${source.strategyId}:${source.version}`,
      createdBy: actor.username,
    },
    actor,
    'strategy.copy',
  );
}
