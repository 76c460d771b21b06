/**
 * Channel adapters against local stand-ins for the outside world: an in-process SMTP server
 * (smtp-server) for the nodemailer adapter, a local HTTP server for the SMS gateway webhook.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SimulatorAdapter } from '../../../activities/channels/simulator';
import { SmtpAdapter } from '../../../activities/channels/smtp';
import { ChannelSendError } from '../../../activities/channels/types';
import { WebhookSmsAdapter } from '../../../activities/channels/webhook-sms';

describe('SMTP adapter (nodemailer)', () => {
  const received: { from?: string; to: string[]; data: string }[] = [];
  let rejectNext = false;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (rejectNext) {
        rejectNext = false;
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined, to: session.envelope.rcptTo.map((r) => r.address), data });
        cb();
      });
    },
  });
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  test('when a reply is sent, the server receives it with the key as Message-ID', async () => {
    const adapter = new SmtpAdapter({ host: '127.0.0.1', port, from: 'service@touchpoint.local', messageIdDomain: 'tp.test' });
    const receipt = await adapter.send({ key: 'c-1:reply:0', channel: 'email', to: 'wang@example.com', subject: 'Your complaint', body: 'We refunded the fee.' });
    adapter.close();
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['wang@example.com']);
    expect(received[0].from).toBe('service@touchpoint.local');
    expect(received[0].data).toContain('We refunded the fee.');
    expect(received[0].data).toContain(`Message-ID: ${receipt.providerId}`);
    expect(receipt.providerId).toBe(adapter.messageId('c-1:reply:0'));
    expect(adapter.messageId('c-1:reply:0')).not.toBe(adapter.messageId('c-1:reply:1'));
  });

  test('when the server refuses the recipient, the adapter throws a ChannelSendError', async () => {
    rejectNext = true;
    const adapter = new SmtpAdapter({ host: '127.0.0.1', port, from: 'service@touchpoint.local' });
    await expect(adapter.send({ key: 'c-2:reply:0', channel: 'email', to: 'nobody@example.com', body: 'x' })).rejects.toBeInstanceOf(ChannelSendError);
    adapter.close();
  });
});

describe('webhook SMS adapter', () => {
  const calls: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let status = 200;
  let server: Server;
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        calls.push({ headers: req.headers, body });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? { id: `gw-${calls.length}` } : { error: 'quota exceeded' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('posts the message with the idempotency key and bearer token; returns the gateway id', async () => {
    const adapter = new WebhookSmsAdapter({ url, token: 'secret-token', sender: 'TOUCHPOINT' });
    const receipt = await adapter.send({ key: 'c-3:reply:0', channel: 'sms', to: '+8613800000000', body: 'Solved.' });
    expect(receipt.providerId).toBe('gw-1');
    expect(calls[0].headers['idempotency-key']).toBe('c-3:reply:0');
    expect(calls[0].headers.authorization).toBe('Bearer secret-token');
    expect(JSON.parse(calls[0].body)).toEqual({ to: '+8613800000000', from: 'TOUCHPOINT', text: 'Solved.', reference: 'c-3:reply:0' });
  });

  test('a gateway error status becomes a ChannelSendError naming the status', async () => {
    status = 429;
    const adapter = new WebhookSmsAdapter({ url });
    await expect(adapter.send({ key: 'c-4:reply:0', channel: 'sms', to: '+86', body: 'x' })).rejects.toThrow(/429/);
    status = 200;
  });

  test('an unreachable gateway becomes a ChannelSendError', async () => {
    const adapter = new WebhookSmsAdapter({ url: 'http://127.0.0.1:1/sms', timeoutMs: 2000 });
    await expect(adapter.send({ key: 'c-5:reply:0', channel: 'sms', to: '+86', body: 'x' })).rejects.toBeInstanceOf(ChannelSendError);
  });
});

describe('simulator adapter', () => {
  test('records messages, fails the next N sends when told, and delays', async () => {
    const sim = new SimulatorAdapter().failTimes(2).setDelay(20);
    const msg = { key: 'k', channel: 'web' as const, to: 'cust-1', body: 'hello' };
    await expect(sim.send(msg)).rejects.toThrow('simulated outage');
    await expect(sim.send(msg)).rejects.toThrow('simulated outage');
    const t0 = Date.now();
    await expect(sim.send(msg)).resolves.toEqual({ providerId: 'sim-1' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    expect(sim.calls).toBe(3);
    expect(sim.sentFor('k')).toHaveLength(1);
    sim.setFailing(true);
    await expect(sim.send(msg)).rejects.toThrow();
    expect(sim.sent).toHaveLength(1);
  });
});
