import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { insertNotification } from './notifications.repository.ts';
import { insertOutboxMessages } from './outbox.repository.ts';

export interface Message {
  accountId: string;
  applicationId: string | null;
  kind: string;
  title: string;
  body: string;
  /** Where the email points the reader (办事进度 of the case, 我的资质 …). */
  link: string;
}

/**
 * One message to an applicant in `tx`: the 站内消息 row, and the email/SMS rows of the outbox that
 * deliver it (written in the same transaction as the change it reports).
 */
export async function writeMessage(tx: Kysely<DB>, m: Message, contacts: { email?: string; mobile?: string }, opts: { emailEnabled: boolean; now: Date }): Promise<void> {
  const notificationId = await insertNotification(tx, { accountId: m.accountId, applicationId: m.applicationId, kind: m.kind, title: m.title, body: m.body, createdAt: opts.now });
  const outbox = [];
  if (contacts.email && opts.emailEnabled) {
    outbox.push({ channel: 'email' as const, recipient: contacts.email, subject: `【北京市规划和自然资源委员会】${m.title}`, body: `${m.body}\n\n查看详情：${m.link}\n\n（本邮件由系统自动发送，请勿回复。）` });
  }
  if (contacts.mobile && /^1[3-9]\d{9}$/.test(contacts.mobile)) {
    outbox.push({ channel: 'sms' as const, recipient: contacts.mobile, subject: m.title, body: `【北京市规划和自然资源委员会】${m.title}。${m.body}` });
  }
  if (outbox.length > 0) {
    await insertOutboxMessages(tx, outbox.map((o) => ({ ...o, notificationId, nextAttemptAt: opts.now, createdAt: opts.now })));
  }
}
