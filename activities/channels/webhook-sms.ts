/**
 * SMS through an HTTP gateway: one JSON POST per message, with the idempotency key in the
 * `Idempotency-Key` header so a gateway that honours it never delivers a repeat.
 */
import { ChannelSendError, type ChannelAdapter, type OutboundMessage, type SendReceipt } from './types';

export interface WebhookSmsOptions {
  url: string;
  /** Sent as `Authorization: Bearer …` when given. */
  token?: string;
  timeoutMs?: number;
  sender?: string;
}

export class WebhookSmsAdapter implements ChannelAdapter {
  readonly name = 'webhook-sms';

  constructor(private readonly opts: WebhookSmsOptions) {}

  async send(message: OutboundMessage): Promise<SendReceipt> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.key };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ to: message.to, from: this.opts.sender, text: message.body, reference: message.key }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new ChannelSendError('sms', `gateway unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    if (!res.ok) throw new ChannelSendError('sms', `gateway answered ${res.status}: ${text.slice(0, 200)}`);
    let id: unknown;
    try {
      id = (JSON.parse(text) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    return { providerId: typeof id === 'string' || typeof id === 'number' ? String(id) : message.key };
  }
}
