/** Email notifications over SMTP (nodemailer), and the plain words of each notification. */
import nodemailer from "nodemailer";
import type { OutboxKind } from "./outbox.js";

export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/**
 * A mailer for `smtp://…` / `smtps://…` (PROACTIVE_SMTP_URL). Its errors never carry the
 * URL's user name or password.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  let credentials: string[] = [];
  try {
    const u = new URL(url);
    credentials = [u.password, decodeURIComponent(u.password), u.username, decodeURIComponent(u.username)].filter((s) => s.length >= 3);
  } catch {
    /* nodemailer validates the URL itself */
  }
  return {
    async send(message) {
      try {
        await transport.sendMail({ from, ...message });
      } catch (err) {
        if (err instanceof Error) for (const c of credentials) err.message = err.message.split(c).join("…");
        throw err;
      }
    },
    close: () => transport.close(),
  };
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** "15 March 2026" (UTC). */
function day(v: unknown): string {
  const d = new Date(str(v));
  return Number.isNaN(d.getTime()) ? str(v) : d.toLocaleDateString("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
}

/** "Thursday 19 March 2026 at 09:00 UTC". */
function moment(v: unknown): string {
  const d = new Date(str(v));
  if (Number.isNaN(d.getTime())) return str(v);
  const date = d.toLocaleDateString("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).replace(",", "");
  return `${date} at ${d.toISOString().slice(11, 16)} UTC`;
}

const pacingWord = (status: unknown) => (status === "at-risk" ? "at risk" : "behind pace");

/** Subject and body of a notification email, in plain words. */
export function describeNotification(kind: OutboxKind | string, payload: Record<string, unknown>): { subject: string; text: string } {
  const deal = `${str(payload.externalId)} (${str(payload.stage)})`;
  switch (kind) {
    case "stale.nudged":
      return {
        subject: `${str(payload.externalId)} has gone quiet`,
        text:
          `Nothing has touched ${deal} since it went stale on ${day(payload.staleSince)}.\n\n` +
          `Post an update or log an activity on it. If it stays quiet past the grace period, it appears in your manager's view.`,
      };
    case "stale.escalated":
      return {
        subject: `Stale deal in your team: ${str(payload.externalId)}`,
        text:
          `${deal} has had no update and no activity since it went stale on ${day(payload.staleSince)}, ` +
          `and the rep's grace period is over. It is now in your team's list of stale deals.`,
      };
    case "pacing.alert":
      return {
        subject: `You are ${pacingWord(payload.status)} for ${str(payload.period)}`,
        text:
          `As of ${day(payload.raisedAt)} you are ${pacingWord(payload.status)} for ${str(payload.period)}: ${str(payload.reason)}\n\n` +
          `Your targets page shows how many new opportunities you need. Your manager sees this alert after the grace period.`,
      };
    case "pacing.escalated":
      return {
        subject: `${str(payload.repName) || "A rep"} is ${pacingWord(payload.status)} for ${str(payload.period)}`,
        text:
          `${str(payload.repName) || "A rep of your team"} has been ${pacingWord(payload.status)} for ${str(payload.period)} since ${day(payload.raisedAt)}, ` +
          `and the grace period is over: ${str(payload.reason)}`,
      };
    case "lead.assigned":
      return payload.decisionKind === "sla-reroute"
        ? {
            subject: `A lead was re-routed to you (lead #${str(payload.leadId)})`,
            text:
              `Lead #${str(payload.leadId)} is yours now: the previous rep made no first touch in time.\n\n` +
              `Why you: ${str(payload.reason)}\n\nLog your first touch soon, or it moves on again.`,
          }
        : {
            subject: `A new lead is yours (lead #${str(payload.leadId)})`,
            text: `Lead #${str(payload.leadId)} was assigned to you on ${day(payload.decidedAt)}.\n\nWhy you: ${str(payload.reason)}\n\nLog your first touch soon: a lead left untouched past the team's first-touch time goes to another rep.`,
          };
    case "one-on-one.reminder":
      return {
        subject: `1:1 reminder: ${moment(payload.scheduledFor)}`,
        text: `Your 1:1 is on ${moment(payload.scheduledFor)}. Its agenda is in the coaching queue.`,
      };
    default:
      return { subject: `Proactive: ${kind}`, text: JSON.stringify(payload, null, 2) };
  }
}
