/**
 * The complaint channels of a worker, chosen by environment: every channel is a simulator unless
 * `TOUCHPOINT_SMTP_URL` (smtp://user:pass@host:port, smtps:// for TLS) turns e-mail into real SMTP
 * and `TOUCHPOINT_SMS_WEBHOOK_URL` turns SMS into the gateway webhook. A malformed value stops the
 * worker with a message naming the variable.
 */
import { simulatorChannels } from './simulator';
import { SmtpAdapter } from './smtp';
import type { ChannelRegistry } from './types';
import { WebhookSmsAdapter } from './webhook-sms';

/** Thrown at start-up when a channel variable is malformed. */
export class ChannelConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ChannelConfigError';
  }
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): URL | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ChannelConfigError(name, 'not a URL');
  }
  if (!protocols.includes(u.protocol)) throw new ChannelConfigError(name, `protocol must be one of ${protocols.join(', ')}`);
  return u;
}

export function channelsFromEnv(env: NodeJS.ProcessEnv = process.env): ChannelRegistry {
  const channels: ChannelRegistry = { ...simulatorChannels() };
  const smtp = url(env, 'TOUCHPOINT_SMTP_URL', ['smtp:', 'smtps:']);
  if (smtp) {
    const from = env.TOUCHPOINT_SMTP_FROM;
    if (!from) throw new ChannelConfigError('TOUCHPOINT_SMTP_FROM', 'required when TOUCHPOINT_SMTP_URL is set');
    channels.email = new SmtpAdapter({
      host: smtp.hostname,
      port: Number(smtp.port || (smtp.protocol === 'smtps:' ? 465 : 587)),
      secure: smtp.protocol === 'smtps:',
      auth: smtp.username ? { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) } : undefined,
      from,
    });
  }
  const sms = url(env, 'TOUCHPOINT_SMS_WEBHOOK_URL', ['http:', 'https:']);
  if (sms) channels.sms = new WebhookSmsAdapter({ url: sms.toString(), token: env.TOUCHPOINT_SMS_WEBHOOK_TOKEN, sender: env.TOUCHPOINT_SMS_SENDER });
  return channels;
}
