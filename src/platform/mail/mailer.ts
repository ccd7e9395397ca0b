// Outgoing mail. A feature hands the mailer plain data — who to, which template, the values it
// needs, what the message is about — and gets back what happened. With SMTP_URL set the message
// goes to that server through nodemailer; without it (the demo, the embedded database) it is kept.
// Either way it is recorded in mail_messages, which the outbox page shows to coordinators.
import nodemailer from 'nodemailer';
import type { Db } from '../db/types.ts';
import type { MailSettings } from '../config.ts';
import { actorCan, type Actor } from '../auth/actor.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { mailTemplates } from './templates.ts';
import {
  findMessage, insertMessage, listMessages, messagesAbout,
  type Concerns, type MailStatus, type MessageSummary, type StoredMessage,
} from './queries.ts';

export type { Concerns, MailStatus, MessageSummary, StoredMessage } from './queries.ts';

export interface OutgoingMail {
  /** The partnership the message belongs to (its outbox); null for one that belongs to none. */
  partnershipId: number | null;
  /** One address: "name@example.org". */
  to: string;
  /** A template path under src/features, e.g. `updates/mail/reminder.njk`. */
  template: string;
  data?: Record<string, unknown>;
  concerns?: Concerns;
}

/** What became of a message: sent (the server accepted it), failed (with why), or kept in the outbox. */
export interface SendResult { id: number; status: MailStatus; error: string | null }

/** How many messages the outbox page lists (the newest). */
export const OUTBOX_PAGE_SIZE = 200;

// One address and nothing else: no list, no display name, nothing a header could be split on.
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

// A page waits for the send, so a server that does not answer is given up on in seconds, not minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

const MANAGE_REFUSAL = 'Only a coordinator or administrator of this partnership can see the messages it has sent.';

export function createMailer(db: Db, settings: MailSettings & { templateDirs?: string[] }) {
  const compose = mailTemplates(settings.templateDirs);
  // Options from the URL's query (e.g. ?pool=true, ?connectionTimeout=…) override these.
  const transport = settings.smtpUrl ? nodemailer.createTransport({ url: settings.smtpUrl, ...TIMEOUTS }) : null;

  async function deliver(to: string, message: { subject: string; text: string; html: string }): Promise<{ status: MailStatus; error: string | null }> {
    if (!ADDRESS.test(to)) return { status: 'failed', error: `"${to}" is not an e-mail address` };
    if (!transport) return { status: 'kept', error: null };
    try {
      const info = await transport.sendMail({ from: settings.from, to, ...message });
      if (info.rejected.length) return { status: 'failed', error: `The mail server refused ${to}` };
      return { status: 'sent', error: null };
    } catch (e) {
      // The server's own words (e.g. "550 5.1.1 No such user"), for whoever reads the outbox.
      return { status: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
  }

  function mayRead(actor: Actor) {
    if (!actorCan(actor, 'manage_partnership')) throw new ForbiddenError(MANAGE_REFUSAL);
  }

  return {
    /** 'smtp' when messages go to a mail server, 'outbox' when they are only kept. */
    mode: transport ? 'smtp' as const : 'outbox' as const,

    /**
     * Compose the message from its template and send (or keep) it; always recorded. A refused or
     * failed send is a result, not an exception; a missing template or value is a fault and throws.
     */
    async send(mail: OutgoingMail): Promise<SendResult> {
      const message = compose(mail.template, mail.data ?? {});
      const to = mail.to.trim();
      const { status, error } = await deliver(to, message);
      const id = await insertMessage(db, {
        partnershipId: mail.partnershipId, to, ...message, template: mail.template, concerns: mail.concerns ?? null, status, error,
      });
      return { id, status, error };
    },

    /** The partnership's newest messages (coordinators only) and how many it has in all. */
    async outbox(partnership: { id: number }, actor: Actor): Promise<{ messages: MessageSummary[]; total: number }> {
      mayRead(actor);
      return listMessages(db, partnership.id, OUTBOX_PAGE_SIZE);
    },

    /** One of the partnership's messages as it was composed (coordinators only). */
    async message(partnership: { id: number }, id: number, actor: Actor): Promise<StoredMessage> {
      mayRead(actor);
      const message = await findMessage(db, partnership.id, id);
      if (!message) throw new NotFoundError('Message');
      return message;
    },

    /** The messages about one record, newest first: for a feature to show when it last wrote. */
    about(partnership: { id: number }, concerns: Concerns): Promise<MessageSummary[]> {
      return messagesAbout(db, partnership.id, concerns);
    },

    close(): void {
      transport?.close();
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
