/**
 * E-mail through SMTP (nodemailer). The idempotency key becomes the Message-ID, so a mail that is
 * sent again after a crash between "sent" and "recorded" carries the same id and receiving systems
 * can drop the duplicate.
 */
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { ChannelSendError, type ChannelAdapter, type OutboundMessage, type SendReceipt } from './types';

export interface SmtpOptions {
  host: string;
  port: number;
  secure?: boolean;
  auth?: { user: string; pass: string };
  from: string;
  /** Domain of generated Message-IDs. */
  messageIdDomain?: string;
  /** Accept self-signed certificates (test servers only). */
  allowSelfSigned?: boolean;
}

export class SmtpAdapter implements ChannelAdapter {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(private readonly opts: SmtpOptions) {
    this.transport = nodemailer.createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.secure ?? false,
      auth: opts.auth,
      tls: opts.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  /** The Message-ID a key maps to. */
  messageId(key: string): string {
    const h = createHash('sha256').update(key).digest('hex').slice(0, 32);
    return `<${h}@${this.opts.messageIdDomain ?? 'touchpoint.local'}>`;
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    const messageId = this.messageId(message.key);
    try {
      await this.transport.sendMail({
        from: this.opts.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        messageId,
        headers: { 'X-Touchpoint-Key': message.key },
      });
    } catch (err) {
      throw new ChannelSendError('email', err instanceof Error ? err.message : String(err));
    }
    return { providerId: messageId };
  }

  close(): void {
    this.transport.close();
  }
}
