/** Email notifications over SMTP (nodemailer), and the plain words of each notification. */
import nodemailer from "nodemailer";
import type { OutboxKind } from "./outbox.js";

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** A mailer for `smtp://…` / `smtps://…` (PROACTIVE_SMTP_URL). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** Subject and body of a notification email. */
export function describeNotification(kind: OutboxKind | string, payload: Record<string, unknown>): { subject: string; text: string } {
  switch (kind) {
    case "stale.nudged":
      return {
        subject: `Deal ${str(payload.externalId)} has gone quiet`,
        text: `Nothing has touched ${str(payload.externalId)} (${str(payload.stage)}) since it went stale on ${str(payload.staleSince).slice(0, 10)}. Post an update or log an activity before your manager's view shows it.`,
      };
    case "stale.escalated":
      return {
        subject: `Stale deal ${str(payload.externalId)} (past its grace period)`,
        text: `${str(payload.externalId)} (${str(payload.stage)}) has been stale since ${str(payload.staleSince).slice(0, 10)} and the rep's grace period is over.`,
      };
    case "pacing.alert":
      return { subject: `Pacing: ${str(payload.status)} for ${str(payload.period)}`, text: str(payload.reason) };
    case "lead.assigned":
      return { subject: `New lead assigned (#${str(payload.leadId)})`, text: str(payload.reason) };
    case "one-on-one.reminder":
      return { subject: "1:1 tomorrow", text: `Your 1:1 is scheduled for ${str(payload.scheduledFor)} (UTC).` };
    default:
      return { subject: `Proactive: ${kind}`, text: JSON.stringify(payload) };
  }
}
