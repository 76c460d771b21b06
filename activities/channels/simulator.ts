/**
 * The default channel adapter: records every message it is given instead of sending it, and can be
 * told to fail (the next N sends, or until told otherwise) or to delay, so tests and benchmarks
 * can drive outages without a real provider.
 */
import { ChannelSendError, CHANNELS, type ChannelAdapter, type ChannelName, type OutboundMessage, type SendReceipt } from './types';

export interface SimulatedMessage extends OutboundMessage {
  providerId: string;
  at: Date;
}

export class SimulatorAdapter implements ChannelAdapter {
  readonly name = 'simulator';
  /** Every message accepted, in order. */
  readonly sent: SimulatedMessage[] = [];
  /** Number of send calls made (accepted or failed). */
  calls = 0;
  private failNext = 0;
  private failing = false;
  private delayMs = 0;

  /** The next `n` sends throw. */
  failTimes(n: number): this {
    this.failNext = n;
    return this;
  }

  /** Every send throws until `setFailing(false)`. */
  setFailing(on: boolean): this {
    this.failing = on;
    return this;
  }

  /** Each send waits `ms` before answering. */
  setDelay(ms: number): this {
    this.delayMs = ms;
    return this;
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    this.calls += 1;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failing || this.failNext > 0) {
      if (this.failNext > 0) this.failNext -= 1;
      throw new ChannelSendError(message.channel, 'simulated outage');
    }
    const providerId = `sim-${this.sent.length + 1}`;
    this.sent.push({ ...message, providerId, at: new Date() });
    return { providerId };
  }

  /** Messages accepted for one idempotency key (a correct outbox leaves at most one). */
  sentFor(key: string): SimulatedMessage[] {
    return this.sent.filter((m) => m.key === key);
  }
}

/** Every channel served by its own simulator (the default registry); the result is itself a ChannelRegistry. */
export function simulatorChannels(): Record<ChannelName, SimulatorAdapter> {
  const out = {} as Record<ChannelName, SimulatorAdapter>;
  for (const c of CHANNELS) out[c] = new SimulatorAdapter();
  return out;
}
