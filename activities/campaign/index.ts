/**
 * Campaign activities: paging through a plan's targets, one contact attempt through a channel
 * (recorded once in the ledger, keyed by plan, customer and attempt number), and the plan's final
 * status. Every write is keyed by business ids, so retries are safe.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import mongoose, { type Connection } from 'mongoose';
import { attemptKey, attemptModel } from '../../store/campaign/ledger';
import { planModel } from '../../store/campaign/plans';
import { pageOfOrder, readTargetPage, TARGET_PAGE_SIZE } from '../../store/campaign/target-pages';
import { planTargets, storeTargets, selectCustomers, targetModel } from '../../store/campaign/targets';
import { checkConditions } from './conditions';
import type { ChannelAdapter } from './channel';
import { createSimulatedChannel } from './simulated-channel';
import {
  CampaignFailure,
  type ContactAttemptInput,
  type ContactAttemptResult,
  type PlanEndedInput,
  type PrepareRunInput,
  type TargetPageInput,
  type TargetRef,
} from './types';

export interface CampaignActivityDeps {
  db: Connection;
  /** The channel adapter; default: the simulated channel. */
  channels?: ChannelAdapter;
}

// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred object type is the activity contract
export function createCampaignActivities(deps: CampaignActivityDeps) {
  const targets = targetModel(deps.db);
  const ledger = attemptModel(deps.db);
  const plans = planModel(deps.db);
  const channels = deps.channels ?? createSimulatedChannel(deps.db);

  /**
   * Up to `limit` targets after `afterOrder` from the page documents, read by key; null when the
   * plan has no pages (stored before they existed).
   */
  const pagedTargets = async (input: TargetPageInput): Promise<TargetRef[] | null> => {
    const out: TargetRef[] = [];
    let order = input.afterOrder + 1;
    while (out.length < input.limit) {
      const n = pageOfOrder(order);
      const doc = await readTargetPage(deps.db, input.planId, n);
      if (!doc) {
        // Past the last page, or no pages at all: page 0 tells which.
        if (n > 0 && (await readTargetPage(deps.db, input.planId, 0))) break;
        return null;
      }
      const first = n * TARGET_PAGE_SIZE + 1;
      for (let i = order - first; i < doc.customerIds.length && out.length < input.limit; i += 1) {
        const data = doc.data?.[i];
        out.push({ customerId: doc.customerIds[i], order: first + i, ...(data ? { data } : {}) });
      }
      order = first + TARGET_PAGE_SIZE;
      if (order > doc.total) break;
    }
    return out;
  };

  /** The old layout: a query by plan and order (FerretDB scans the whole collection for it). */
  const legacyTargets = async (input: TargetPageInput): Promise<TargetRef[]> => {
    const docs = await targets
      .find({ planId: input.planId, order: mongoose.trusted({ $gt: input.afterOrder }) })
      .sort({ order: 1 })
      .limit(input.limit)
      .lean();
    return docs.map((d) => ({ customerId: d.customerId, order: d.order, ...(d.data ? { data: d.data } : {}) }));
  };

  return {
    /** From page 0 (it carries the total); plans stored before pages existed are counted. */
    async countPlanTargets(planId: string): Promise<number> {
      const first = await readTargetPage(deps.db, planId, 0);
      return first ? first.total : targets.countDocuments({ planId });
    },

    async loadTargetPage(input: TargetPageInput): Promise<TargetRef[]> {
      const page = (await pagedTargets(input)) ?? (await legacyTargets(input));
      if (!input.conditions || page.length === 0) return page;
      const failed = await checkConditions(deps.db, page, input.conditions, Date.now());
      if (failed.size === 0) return page;
      // Record each skip on its target document, by key: the per-customer trail of the page.
      const at = new Date();
      for (const [customerId, reason] of failed) {
        await targets.updateOne({ _id: `${input.planId}:${customerId}` }, { $set: { skipped: { reason, at } } });
      }
      return page.map((t) => (failed.has(t.customerId) ? { ...t, skip: failed.get(t.customerId) } : t));
    },

    /**
     * Selects the targets of one occurrence of a recurring plan and stores them under its run id:
     * a customer query is evaluated now; a list is copied in its order. Retrying replaces them.
     */
    async prepareRunTargets(input: PrepareRunInput): Promise<number> {
      const plan = await plans.findById(input.planId).lean();
      if (!plan) throw ApplicationFailure.nonRetryable(`plan ${input.planId} does not exist`, CampaignFailure.PlanNotFound);
      const source = plan.targetSource;
      const list =
        source.kind === 'query'
          ? await selectCustomers(deps.db, source.query ?? {})
          : await planTargets(deps.db, input.planId);
      return storeTargets(deps.db, input.runId, list);
    },

    /**
     * One attempt: when the ledger already holds it (the activity is being retried after the
     * result was written) the recorded outcome is returned and nothing is sent; otherwise the
     * channel is asked with the attempt's key (idempotent) and the result is recorded.
     */
    async contactAttempt(input: ContactAttemptInput): Promise<ContactAttemptResult> {
      const _id = attemptKey(input.planId, input.customerId, input.attemptNo);
      const recorded = await ledger.findById(_id).lean();
      if (recorded) return { outcome: recorded.outcome, resultCode: recorded.resultCode, replayed: true };
      const ctx = Context.current();
      // Local attempts (a fast channel) have no heartbeat: the workflow task's own timeout watches them.
      const beat = ctx.info.isLocal ? undefined : setInterval(() => ctx.heartbeat(), 2000);
      let result;
      try {
        result = await channels.send({
          key: _id,
          channel: input.channel,
          planId: input.planId,
          customerId: input.customerId,
          attemptNo: input.attemptNo,
          ...(input.requiredSkills?.length ? { requiredSkills: input.requiredSkills } : {}),
          data: input.data,
        });
      } catch (err) {
        throw ApplicationFailure.create({ message: err instanceof Error ? err.message : String(err), type: CampaignFailure.ChannelFailed });
      } finally {
        if (beat) clearInterval(beat);
      }
      // An insert, not an upsert: one keyed statement on FerretDB. A duplicate key means a run of this
      // same attempt recorded it first; the channel answered both with the same result for the key.
      try {
        await ledger.create({
          _id,
          planId: input.planId,
          customerId: input.customerId,
          attemptNo: input.attemptNo,
          channel: input.channel,
          at: new Date(input.at),
          outcome: result.outcome,
          resultCode: result.resultCode,
          agentId: result.agentId,
          answerSheet: result.answerSheet as unknown as Record<string, unknown> | undefined,
          needsMet: result.needsMet,
          goalAchieved: result.goalAchieved,
          recordedAt: new Date(),
        });
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
      return { outcome: result.outcome, resultCode: result.resultCode, replayed: false };
    },

    /** Writes the plan's final status and figures to its document (no-op when the plan has no document). */
    async planEnded(input: PlanEndedInput): Promise<void> {
      const plan = await plans.findById(input.planId).lean();
      if (!plan || plan.status === input.status) {
        if (plan) await plans.updateOne({ _id: input.planId }, { $set: { lastProgress: input.counts } });
        return;
      }
      if (plan.status === 'finished' || plan.status === 'cancelled') return;
      await plans.updateOne(
        { _id: input.planId },
        {
          $set: { status: input.status, lastProgress: input.counts },
          $push: { statusLog: { from: plan.status, to: input.status, at: new Date(), actor: 'system', reason: 'plan workflow ended' } },
        },
      );
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
