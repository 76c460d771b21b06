/**
 * One interface for every outbound channel (voice, SMS, e-mail, web, app). Adapters do the I/O;
 * the outbox (outbox.ts) makes sends idempotent around them.
 */

export const CHANNELS = ['voice', 'sms', 'email', 'web', 'app'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A message to one customer on one channel. */
export interface OutboundMessage {
  /** Idempotency key (complaint, step, attempt key): adapters pass it on so a provider can drop repeats. */
  key: string;
  channel: ChannelName;
  /** Address on that channel: e-mail address, phone number, customer id for web/app inboxes. */
  to: string;
  subject?: string;
  body: string;
}

export interface SendReceipt {
  /** The provider's id for the message (SMTP message id, gateway id, simulator sequence). */
  providerId: string;
}

/** Sends messages on one channel; throws when the provider refuses or cannot be reached. */
export interface ChannelAdapter {
  readonly name: string;
  send(message: OutboundMessage): Promise<SendReceipt>;
}

/** Adapters by channel. */
export type ChannelRegistry = Record<ChannelName, ChannelAdapter>;

/** Thrown by an adapter when the provider refuses a message (after the adapter's own attempt). */
export class ChannelSendError extends Error {
  constructor(
    readonly channel: string,
    message: string,
  ) {
    super(`${channel}: ${message}`);
    this.name = 'ChannelSendError';
  }
}
