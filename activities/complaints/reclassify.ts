/**
 * `complaint.reclassify`: the agent's override of the classification, given on the handling form
 * (`overrideKind`, `overrideCategory`, `overridePriority`, each optional; the task runs after every
 * handling and does nothing without them). The override is checked
 * against the policy, recorded on the complaint with who, when and what the rules had decided (and
 * in the timeline), and a change of category or priority re-evaluates the resolution deadline of
 * the running round. Idempotent: a retry finds the complaint already classified as asked.
 */
import type { Connection } from 'mongoose';
import { calendarFor, classify, ClassificationError, clocksFor, type ComplaintPolicy, type Priority } from '../../core/complaints';
import { updateComplaint, type ComplaintDoc } from '../../store/complaints';
import { taskModel } from '../../store/engine/task';
import type { HandlerRegistry } from '../engine/handlers/registry';
import { respecSla, type TemporalAccess } from './sla-control';

export interface ReclassifyDeps {
  db: Connection;
  temporal: TemporalAccess;
  policy: ComplaintPolicy;
  now: () => number;
  load: (id: string) => Promise<ComplaintDoc>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Categories the policy knows: those its rules and fallback give and those it maps to a department. */
export function knownCategories(policy: ComplaintPolicy): Set<string> {
  return new Set([...policy.rules.map((r) => r.category), policy.fallback.category, ...Object.keys(policy.departments).filter((k) => k !== '*')]);
}

/** Who completed the case's latest handling task (the override's author). */
async function handledBy(db: Connection, caseId: string): Promise<string | undefined> {
  const t = await taskModel(db).find({ caseId, elementId: 'Handle', status: 'completed' }, { completedBy: 1, closedAt: 1 }).sort({ closedAt: -1 }).limit(1).lean();
  return t[0]?.completedBy;
}

/** Tells the round's SLA clock the resolution deadline of the new category and priority. */
async function resolutionChanged(deps: ReclassifyDeps, doc: ComplaintDoc, category: string, priority: Priority): Promise<void> {
  const resolution = clocksFor(deps.policy, doc.channel, category, priority).find((k) => k.name === 'resolution');
  if (resolution) await respecSla(deps.temporal, doc._id, doc.round, { clock: 'resolution', durationMs: resolution.durationMs, calendar: calendarFor(deps.policy, priority) });
}

/**
 * Thrown when the form carries an override the policy does not know. Not a BPMN error (that would
 * end the complaint): the task fails into an incident naming the field, which an operator resolves
 * by skipping the task (the rules' classification stands) once the agent is told.
 */
export class OverrideRejected extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'OverrideRejected';
  }
}

const CLEARED = { overrideKind: null, overrideCategory: null, overridePriority: null };

export function registerReclassify(registry: HandlerRegistry, deps: ReclassifyDeps): void {
  registry.registerHandler('complaint.reclassify', {
    description: "Applies the agent's classification override from the handling form and re-evaluates the resolution deadline.",
    run: async (vars, _headers, ctx) => {
      const override = { kind: str(vars.overrideKind), category: str(vars.overrideCategory), priority: str(vars.overridePriority) };
      if (!override.kind && !override.category && !override.priority) return CLEARED;
      if (override.category && !knownCategories(deps.policy).has(override.category)) throw new OverrideRejected('overrideCategory', `unknown category '${override.category}'`);
      const doc = await deps.load(ctx.caseId);
      const from = { kind: doc.kind ?? deps.policy.fallback.kind, category: doc.category ?? deps.policy.fallback.category, priority: doc.priority ?? deps.policy.fallback.priority };
      let c;
      try {
        c = classify(deps.policy, {}, { kind: override.kind ?? from.kind, category: override.category ?? from.category, priority: override.priority ?? from.priority });
      } catch (err) {
        if (err instanceof ClassificationError) throw new OverrideRejected(err.field === 'kind' ? 'overrideKind' : 'overridePriority', err.message);
        throw err;
      }
      const to = { kind: c.kind, category: c.category, priority: c.priority };
      if (to.kind === from.kind && to.category === from.category && to.priority === from.priority) {
        // A retry after the write: the deadline signal may not have gone out yet (it is idempotent).
        const last = (doc.overrides ?? []).filter((o) => o.round === doc.round).at(-1);
        if (last && last.to.category === to.category && last.to.priority === to.priority && (last.from.category !== to.category || last.from.priority !== to.priority)) {
          await resolutionChanged(deps, doc, to.category, to.priority);
        }
        return { ...CLEARED, ...to, department: doc.department };
      }
      const by = (await handledBy(deps.db, doc._id)) ?? str(vars.assignee) ?? 'unknown';
      const at = new Date(deps.now());
      const rule = doc.ruleResult ? `${doc.ruleResult.kind}/${doc.ruleResult.category}/${doc.ruleResult.priority}` : 'none';
      // Guarded by the classification read: a retry after this write finds it changed and writes nothing.
      const changed = await updateComplaint(
        deps.db,
        doc._id,
        { round: doc.round, status: 'assigned', kind: doc.kind ?? null, category: doc.category ?? null, priority: doc.priority ?? null },
        {
          $set: { kind: to.kind, category: to.category, priority: to.priority, department: c.department },
          $push: {
            overrides: { at, by, round: doc.round, from, to },
            timeline: { at, kind: 'reclassified', actor: by, detail: `${from.kind}/${from.category}/${from.priority} → ${to.kind}/${to.category}/${to.priority} (rules decided ${rule})` },
          },
        },
      );
      if (changed && (to.category !== from.category || to.priority !== from.priority)) await resolutionChanged(deps, doc, to.category, to.priority);
      return { ...CLEARED, ...to, department: c.department };
    },
  });
}
