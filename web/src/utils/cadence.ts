/**
 * The cadence pages' rules (docs/CADENCE.md): subjects and performatives in plain words, the
 * update and 1:1 forms' request bodies, schedule and meeting labels, and the agenda grouped
 * the way a manager walks through it. Pure; days are UTC calendar days, as the server's.
 */
import type { Agenda, AgendaItem, AgendaItemKind, ManagerAdherence, OpenDeal, Performative, QueuedMeeting, ScheduleView, UpdateBody, HoldInput } from "../api/cadenceTypes.js";
import { formatShare } from "./format.js";
import { formatDay } from "./periods.js";

/** In the schema's order; the hint says what each commits the rep to. */
export const PERFORMATIVES: readonly { value: Performative; label: string; hint: string }[] = [
  { value: "assertion", label: "Assertion", hint: "a fact: where the deal stands" },
  { value: "declaration", label: "Declaration", hint: "a decision you have made" },
  { value: "promise", label: "Promise", hint: "you will do something by a day" },
  { value: "request", label: "Request", hint: "you need something from someone" },
  { value: "demand", label: "Demand", hint: "something must happen" },
  { value: "apology", label: "Apology", hint: "something went wrong, and you own it" },
];

const PERFORMATIVE_LABEL = new Map(PERFORMATIVES.map((p) => [p.value, p.label]));
export const performativeLabel = (p: Performative) => PERFORMATIVE_LABEL.get(p) ?? p;

/** "OPP-42" with its account when known: "Acme Corp · OPP-42". */
export function dealLabel(deal: Pick<OpenDeal, "externalId" | "accountName">): string {
  return deal.accountName ? `${deal.accountName} · ${deal.externalId}` : deal.externalId;
}

/** A subject in words: "rep" is the rep's week, "account:Acme" an account, else a deal (named by its account when known). */
export function subjectLabel(subject: string, deals: readonly OpenDeal[] = [], self = true): string {
  if (subject === "rep") return self ? "My week" : "Their week";
  if (subject.startsWith("account:")) return `${subject.slice("account:".length)} (account)`;
  const deal = deals.find((d) => d.externalId === subject);
  return deal ? dealLabel(deal) : subject;
}

/** What the update form holds: the subject as picked, and the account typed when "account" is picked. */
export interface UpdateFormState {
  /** "rep", a deal's external id, or "account". */
  subject: string;
  account: string;
  text: string;
  performatives: Performative[];
  promiseDue: string;
}

export function initialUpdateForm(now: Date, subject = "rep"): UpdateFormState {
  return { subject, account: "", text: "", performatives: ["assertion"], promiseDue: defaultPromiseDue(now) };
}

/** Toggling a performative keeps them in the schema's order, so the same choice sends the same body. */
export function togglePerformative(chosen: readonly Performative[], p: Performative): Performative[] {
  const next = chosen.includes(p) ? chosen.filter((x) => x !== p) : [...chosen, p];
  return PERFORMATIVES.map((o) => o.value).filter((v) => next.includes(v));
}

/** The POST /updates body: the due day only with a promise (the API requires exactly that). */
export function updateBody(form: UpdateFormState): UpdateBody {
  const subject = form.subject === "account" ? `account:${form.account.trim()}` : form.subject;
  const body: UpdateBody = { subject, text: form.text.trim(), performatives: [...form.performatives] };
  if (form.performatives.includes("promise")) body.promiseDue = form.promiseDue;
  return body;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** A promise is due by the end of the week: this Friday, or next Friday from Friday on. */
export function defaultPromiseDue(now: Date): string {
  const weekday = now.getUTCDay(); // 0 Sunday … 6 Saturday
  const ahead = weekday < 5 ? 5 - weekday : 12 - weekday;
  return addDays(isoDay(now), ahead);
}

/** "due today", "due tomorrow", else "due Jun 24". */
export function promiseDueLabel(due: string, now: Date): string {
  const today = isoDay(now);
  if (due === today) return "due today";
  if (due === addDays(today, 1)) return "due tomorrow";
  return `due ${formatDay(due)}`;
}

/** "2 of 3 updates before anyone asked", or why there is no ratio. */
export function ratioDetail(ratio: { updates: number; preemptive: number }): string {
  if (ratio.updates === 0) return "No updates yet";
  return `${ratio.preemptive} of ${ratio.updates} ${ratio.updates === 1 ? "update" : "updates"} before anyone asked`;
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "Thursdays at 10:00 (Europe/Paris), weekly". */
export function describeSchedule(s: Pick<ScheduleView, "weekday" | "time" | "timeZone" | "intervalWeeks" | "active">): string {
  if (!s.active) return "No recurring 1:1";
  const every = s.intervalWeeks === 1 ? "weekly" : `every ${s.intervalWeeks} weeks`;
  return `${WEEKDAYS[s.weekday - 1] ?? "?"}s at ${s.time} (${s.timeZone}), ${every}`;
}

/** Zones offered first: UTC, the browser's own, then a few common ones (any IANA name or offset may be typed). */
export function timeZoneChoices(browserZone: string | undefined): string[] {
  const common = ["Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Singapore", "Australia/Sydney"];
  return [...new Set(["UTC", ...(browserZone ? [browserZone] : []), ...common])];
}

/** "Thu Jun 19, 10:00 GMT+2" in the given zone (default: the viewer's), named: a schedule's own zone may differ. */
export function formatMeetingTime(iso: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    timeZone,
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("month")} ${part("day")}, ${part("hour")}:${part("minute")} ${part("timeZoneName")}`.trim();
}

/** The first upcoming 1:1 of each rep carries the agenda; later ones of the same rep are listed as "then". */
export function meetingsByRep(meetings: readonly QueuedMeeting[]): { first: QueuedMeeting; later: QueuedMeeting[] }[] {
  const groups = new Map<number, { first: QueuedMeeting; later: QueuedMeeting[] }>();
  for (const m of meetings) {
    const group = groups.get(m.repId);
    if (group) group.later.push(m);
    else groups.set(m.repId, { first: m, later: [] });
  }
  return [...groups.values()];
}

const WARNING_KINDS: ReadonlySet<AgendaItemKind> = new Set(["premature-presentation", "off-profile", "maverick-discount"]);

/** Short names for an item's kind, for the chips beside a deal. */
export const AGENDA_KIND_LABEL: Record<AgendaItemKind, string> = {
  pacing: "Pacing",
  "premature-presentation": "Proposal before discovery",
  "off-profile": "Off-profile",
  "maverick-discount": "Maverick discount",
  "large-without-strategy": "Large, no strategy",
  stalled: "Stalled",
  "no-next-step": "Next step",
  "no-mutual-action-plan": "No action plan",
  "open-promise": "Open promise",
};

export interface DealOnAgenda {
  opportunity: NonNullable<AgendaItem["opportunity"]>;
  items: AgendaItem[];
}

export interface AgendaSections {
  pacing: AgendaItem[];
  /** Warning signs first: they cost more than a missing field (D3). */
  warnings: AgendaItem[];
  /** Early-stage deals with their hygiene items, in the order the agenda first raises them. */
  deals: DealOnAgenda[];
  promises: AgendaItem[];
}

export function agendaSections(agenda: Pick<Agenda, "items">): AgendaSections {
  const sections: AgendaSections = { pacing: [], warnings: [], deals: [], promises: [] };
  const byDeal = new Map<string, DealOnAgenda>();
  for (const item of agenda.items) {
    if (item.kind === "pacing") sections.pacing.push(item);
    else if (item.kind === "open-promise") sections.promises.push(item);
    else if (WARNING_KINDS.has(item.kind)) sections.warnings.push(item);
    else if (item.opportunity) {
      const key = item.opportunity.externalId;
      const deal = byDeal.get(key) ?? { opportunity: item.opportunity, items: [] };
      if (!byDeal.has(key)) {
        byDeal.set(key, deal);
        sections.deals.push(deal);
      }
      deal.items.push(item);
    }
  }
  return sections;
}

/** One line for a queue card: "Behind on pace · 2 warning signs · 6 deals to coach · 1 open promise". */
export function agendaSummary(agenda: Pick<Agenda, "items">): string {
  const s = agendaSections(agenda);
  const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  const parts = [
    ...s.pacing.map((p) => p.title),
    ...count(s.warnings.length, "warning sign", "warning signs"),
    ...count(s.deals.length, "deal to coach", "deals to coach"),
    ...count(s.promises.length, "open promise", "open promises"),
  ];
  return parts.length ? parts.join(" · ") : "Nothing raised: early-stage deals are in order";
}

/** A row of the "commitments" part of the 1:1 form. */
export interface CommitmentRow {
  text: string;
  due: string;
}

/** The POST /one-on-ones/:id/hold body: blank commitment rows are dropped, the rest trimmed. */
export function holdBody(form: { notes: string; decisions: string; commitments: readonly CommitmentRow[] }): HoldInput {
  return {
    notes: form.notes.trim(),
    decisions: form.decisions.trim(),
    commitments: form.commitments.filter((c) => c.text.trim() !== "").map((c) => ({ text: c.text.trim(), due: c.due })),
  };
}

/** All managers pooled: on-time 1:1s of all scheduled ones (null when none was due). */
export function pooledAdherence(rows: readonly Pick<ManagerAdherence, "scheduled" | "onTime">[]): number | null {
  const scheduled = rows.reduce((s, r) => s + r.scheduled, 0);
  return scheduled > 0 ? rows.reduce((s, r) => s + r.onTime, 0) / scheduled : null;
}

/** The domain's reasons are phrases ("adherence 80% over…"): as a sentence start. */
export const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "3 of 4 on time (75%)", or that nothing was due. */
export function adherenceDetail(row: Pick<ManagerAdherence, "scheduled" | "onTime" | "rate">): string {
  return row.scheduled === 0 ? "No 1:1 due yet" : `${row.onTime} of ${row.scheduled} on time (${formatShare(row.rate)})`;
}

/** The leadership view's cell: "8 of 9 on time (89%) · streak 4", or that nothing was due. */
export function adherenceSummary(row: Pick<ManagerAdherence, "scheduled" | "onTime" | "rate" | "currentStreak">): string {
  return row.scheduled === 0 ? adherenceDetail(row) : `${adherenceDetail(row)} · streak ${row.currentStreak}`;
}
