/**
 * A simulated channel for development, tests and benchmarks: outcomes come from a rule, each
 * delivery is stored in its own collection (standing in for the gateway's records, so it outlives
 * a worker restart), and a repeated idempotency key returns the stored result without delivering
 * again: the gateway counts the repeated request but the customer is reached once.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../../store/model';
import type { ChannelAdapter, ChannelRequest, ChannelResult } from './channel';

export interface SimulatedDeliveryDoc {
  _id: string;
  planId: string;
  customerId: string;
  attemptNo: number;
  channel: string;
  result: ChannelResult;
  /** How many times the key was requested (1 unless a retry repeated it). */
  requests: number;
  deliveredAt: Date;
}

const deliverySchema = new Schema<SimulatedDeliveryDoc>(
  {
    _id: { type: String, required: true },
    planId: { type: String, required: true },
    customerId: { type: String, required: true },
    attemptNo: { type: Number, required: true },
    channel: { type: String, required: true },
    result: { type: Schema.Types.Mixed, required: true },
    requests: { type: Number, default: 1 },
    deliveredAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, minimize: false, collection: 'simulated_channel_deliveries' },
);
deliverySchema.index({ planId: 1, customerId: 1 });

/** The simulated gateway's delivery records. */
export function simulatedDeliveryModel(conn: Connection): Model<SimulatedDeliveryDoc> {
  return modelOn(conn, 'SimulatedDelivery', deliverySchema);
}

/** Decides what happens on an attempt. */
export type OutcomeRule = (req: ChannelRequest) => ChannelResult;

/**
 * The default rule: the customer id decides. An id containing `unreachable` is never reached; one
 * containing `late<N>` is reached on attempt N; `refuse` refuses; `fail` fails on our side; anyone
 * else completes on the first attempt.
 */
export const defaultOutcomeRule: OutcomeRule = (req) => {
  const id = req.customerId;
  if (id.includes('unreachable')) return { outcome: 'unreachable', resultCode: 'no-answer' };
  const late = /late(\d+)/.exec(id);
  if (late && req.attemptNo < Number(late[1])) return { outcome: 'unreachable', resultCode: 'busy' };
  if (id.includes('refuse')) return { outcome: 'refused', resultCode: 'declined' };
  if (id.includes('fail')) return { outcome: 'failed', resultCode: 'gateway-error' };
  return { outcome: 'completed', resultCode: 'ok', needsMet: true };
};

export interface SimulatedChannelOptions {
  rule?: OutcomeRule;
  /** Simulated time on the line per delivery (or per request, e.g. a long first call). */
  latencyMs?: number | ((req: ChannelRequest) => number);
}

/** A channel adapter that simulates deliveries and keeps them in MongoDB. */
export function createSimulatedChannel(db: Connection, opts: SimulatedChannelOptions = {}): ChannelAdapter {
  const deliveries = simulatedDeliveryModel(db);
  const rule = opts.rule ?? defaultOutcomeRule;
  return {
    async send(req) {
      // Read first, by key (FerretDB answers a bare `_id` filter from its primary key; a missing
      // document is the usual case), and count a repeated request only when there is one.
      const previous = await deliveries.findById(req.key).lean();
      if (previous) {
        await deliveries.updateOne({ _id: req.key }, { $inc: { requests: 1 } });
        return previous.result;
      }
      const latency = typeof opts.latencyMs === 'function' ? opts.latencyMs(req) : opts.latencyMs;
      if (latency) await new Promise((r) => setTimeout(r, latency));
      const result = rule(req);
      try {
        await deliveries.create({
          _id: req.key,
          planId: req.planId,
          customerId: req.customerId,
          attemptNo: req.attemptNo,
          channel: req.channel,
          result,
          requests: 1,
          deliveredAt: new Date(),
        });
        return result;
      } catch (err) {
        // A concurrent request with the same key delivered first: answer with its result.
        if ((err as { code?: number }).code !== 11000) throw err;
        const winner = await deliveries.findById(req.key).lean();
        if (!winner) throw err;
        return winner.result;
      }
    },
  };
}
