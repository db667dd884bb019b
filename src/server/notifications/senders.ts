import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Logger, Sender } from './outbox-worker.ts';

/**
 * Email over SMTP (`smtp://user:pass@host:587` upgrades with STARTTLS when offered,
 * `smtps://…:465` is TLS from the start). One connection per message; the Message-ID comes
 * from the outbox id, so a retry after a lost reply is recognisable as the same message.
 * The timeouts keep one send well inside the worker's lease.
 */
export function smtpSender(opts: { url: string; from: string }): Sender {
  // Query parameters of the URL (e.g. `?tls.rejectUnauthorized=false`) override these.
  const smtp = new SMTPTransport({ url: opts.url, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 });
  const transport = nodemailer.createTransport(smtp, { from: opts.from });
  return {
    async send(message) {
      await transport.sendMail({
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        messageId: `<outbox-${message.id}@zizhi>`,
      });
    },
    close: () => transport.close(),
  };
}

/** No SMS gateway yet: the message is only logged, with the number masked (138****0000). */
export function logSmsSender(logger: Logger): Sender {
  return {
    async send(message) {
      logger.info({ outboxId: message.id, to: maskPhone(message.recipient), body: message.body }, 'sms (no gateway configured, logged only)');
    },
  };
}

/** Keeps the first three and last four characters: 13800000000 → 138****0000. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  return p.length > 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****';
}
