/**
 * Idempotent sends. Each message has a key (complaint, step, attempt key); the outbox records it
 * before sending and marks it sent after, so a retried activity finds "sent" and returns the first
 * receipt instead of sending again. The one window left (the process dies after the provider
 * accepted but before "sent" is written) is closed on the provider side: adapters pass the key on
 * (SMTP Message-ID, gateway Idempotency-Key).
 */
import type { Connection } from 'mongoose';
import { outbound } from '../../store/complaints';
import type { ChannelRegistry, OutboundMessage, SendReceipt } from './types';

export interface OutboxResult extends SendReceipt {
  /** False when the key had been sent before and nothing was sent now. */
  sentNow: boolean;
}

export async function sendOnce(db: Connection, channels: ChannelRegistry, message: OutboundMessage): Promise<OutboxResult> {
  const Outbound = outbound(db);
  const prior = await Outbound.findById(message.key).lean();
  if (prior?.status === 'sent') return { providerId: prior.providerId ?? message.key, sentNow: false };
  if (!prior) {
    try {
      await Outbound.collection.insertOne({
        _id: message.key,
        channel: message.channel,
        to: message.to,
        subject: message.subject,
        body: message.body,
        status: 'sending',
        attempts: 0,
        createdAt: new Date(),
        updatedAt: new Date(),
      } as never);
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const winner = await Outbound.findById(message.key).lean();
      if (winner?.status === 'sent') return { providerId: winner.providerId ?? message.key, sentNow: false };
    }
  }
  const adapter = channels[message.channel];
  await Outbound.updateOne({ _id: message.key }, { $inc: { attempts: 1 } });
  let receipt: SendReceipt;
  try {
    receipt = await adapter.send(message);
  } catch (err) {
    await Outbound.updateOne({ _id: message.key }, { $set: { lastError: err instanceof Error ? err.message : String(err) } });
    throw err;
  }
  await Outbound.updateOne({ _id: message.key }, { $set: { status: 'sent', providerId: receipt.providerId, sentAt: new Date() } });
  return { ...receipt, sentNow: true };
}
