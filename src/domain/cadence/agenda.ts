/**
 * The 1:1 agenda (D3): built from the early-stage work that needs the manager, not from
 * late-stage heroics. Only early-stage deals get items; late-stage deals are only counted.
 *
 * Items, discussed in this order (priority 1 first; see AGENDA_ITEM_KINDS):
 *   1 pacing                  the rep is behind or at risk on creating opportunities (D4)
 *   2 premature-presentation  a proposal went out before discovery was done
 *   3 off-profile             the account fails the ideal customer profile (a wrong deal)
 *   4 maverick-discount       discount above the team's threshold (default 15%)
 *   5 large-without-strategy  value in the team's top quartile, no written strategy
 *   6 stalled                 in its stage longer than the team's median for that stage
 *   7 no-next-step            no next step, or its due date has passed
 *   8 no-mutual-action-plan   no mutual action plan
 *   9 open-promise            a promise of the rep not yet due
 * Within a kind: larger deals first (no value last), then external id; promises by due day.
 * Values are integer cents (the store's unit) and print as major units unless `formatValue`
 * says otherwise.
 */
import { daysBetween, isoDay } from "../periods.js";
import { percentileInc } from "../routing/activity.js";
import { fitsIcp, icpSchema, type AccountProfile, type IcpInput } from "../scorecards/icp.js";
import type { PacingStatus } from "../targets/pacing-rule.js";
import { groupBy } from "./order.js";
import { promiseState } from "./promises.js";
import { AGENDA_ITEM_KINDS, cadenceConfigSchema, type AgendaItem, type AgendaItemKind, type CadenceConfigInput, type EntityId } from "./schemas.js";

export interface AgendaOpportunity {
  id: EntityId;
  externalId: string;
  name?: string | null;
  stage: string;
  phase: "early" | "late";
  /** Cents; null when the CRM does not say. */
  value: number | null;
  nextStep: string | null;
  nextStepDue?: Date | null;
  mutualActionPlan: string | null;
  strategy: string | null;
  /** When the deal entered its current stage; else the latest `stagesReached` entry of it. */
  stageEnteredAt: Date | null;
  discountPct: number | null;
  account: AccountProfile | null;
  /** Every stage the deal reached, with when. */
  stagesReached: readonly { stage: string; at: Date }[];
  /** When proposal activities on the deal happened. */
  proposalsAt: readonly Date[];
}

export interface TeamNorms {
  /** Median days a deal spends in each stage (completed stays). */
  medianDaysInStage: Readonly<Record<string, number>>;
  /** The 75th percentile of the team's open values: at or above it a deal is "large". */
  largeValue: number | null;
}

export interface AgendaPromise {
  updateId: EntityId;
  subject: string;
  text: string;
  due: string;
  kept?: boolean | null;
  markedAt?: Date | null;
}

export interface AgendaInput {
  repId: number;
  /** The rep's open opportunities. */
  opportunities: readonly AgendaOpportunity[];
  norms: TeamNorms;
  /** Open stages in pipeline order: "discovery done" = reached a stage after `discoveryStage`. */
  stageOrder: readonly string[];
  icp?: IcpInput;
  pacing?: { status: PacingStatus; reason: string } | null;
  promises?: readonly AgendaPromise[];
  config?: CadenceConfigInput;
  /** How values print in the text; default: cents as major units, "12,345.60". */
  formatValue?: (value: number) => string;
}

export interface Agenda {
  repId: number;
  generatedAt: string;
  items: AgendaItem[];
  earlyStageDeals: number;
  lateStageDeals: number;
  /** "5 late-stage deals (not discussed here)"; null when there are none. */
  lateStageNote: string | null;
}

const PRIORITY = Object.fromEntries(AGENDA_ITEM_KINDS.map((k, i) => [k, i + 1])) as Record<AgendaItemKind, number>;
const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === "";
// The app shows money in dollars (web/src/utils/format.ts); a caller may pass its own formatValue.
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const centsAsMajor = (cents: number) => money.format(cents / 100);
const days = (n: number) => `${Math.floor(n)} ${Math.floor(n) === 1 ? "day" : "days"}`;

/** Completed stays from a deal's stage history: each stage lasts until the next one is reached. */
export function completedStageStays(stagesReached: readonly { stage: string; at: Date }[]): { stage: string; days: number }[] {
  const sorted = [...stagesReached].sort((a, b) => a.at.getTime() - b.at.getTime());
  return sorted.slice(0, -1).map((s, i) => ({ stage: s.stage, days: daysBetween(s.at, sorted[i + 1]!.at) }));
}

/** The team's norms: median completed stay per stage, and the top-quartile value line. */
export function teamNorms(input: { stageStays: readonly { stage: string; days: number }[]; openValues: readonly (number | null)[] }): TeamNorms {
  const medianDaysInStage: Record<string, number> = {};
  const byStage = [...groupBy(input.stageStays, (s) => s.stage).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [stage, stays] of byStage) medianDaysInStage[stage] = percentileInc(stays.map((s) => s.days), 0.5)!;
  return { medianDaysInStage, largeValue: percentileInc(input.openValues.filter((v): v is number => v !== null), 0.75) };
}

function dealItems(opp: AgendaOpportunity, input: AgendaInput, ctx: { threshold: number; discoveryIndex: number; now: Date; formatValue: (value: number) => string }): Omit<AgendaItem, "priority" | "key">[] {
  const items: Omit<AgendaItem, "priority" | "key">[] = [];
  const opportunity = { id: opp.id, externalId: opp.externalId, name: opp.name ?? null, stage: opp.stage, value: opp.value };
  const add = (kind: AgendaItemKind, title: string, detail: string) => items.push({ kind, opportunity, title, detail });
  const label = opp.name ? `${opp.name} (${opp.externalId})` : opp.externalId;
  const t = ctx.now.getTime();

  if (ctx.discoveryIndex >= 0) {
    const doneAt = opp.stagesReached
      .filter((s) => input.stageOrder.indexOf(s.stage) > ctx.discoveryIndex && s.at.getTime() <= t)
      .reduce<Date | null>((min, s) => (min === null || s.at < min ? s.at : min), null);
    const early = opp.proposalsAt.filter((p) => p.getTime() <= t && (doneAt === null || p.getTime() < doneAt.getTime()));
    if (early.length > 0) {
      const first = early.reduce((a, b) => (a < b ? a : b));
      const discovery = input.stageOrder[ctx.discoveryIndex]!;
      add(
        "premature-presentation",
        `Proposal before discovery was done: ${label}`,
        doneAt === null
          ? `A proposal went out on ${isoDay(first)} and the deal has not left ${discovery} yet.`
          : `A proposal went out on ${isoDay(first)}, before the deal left ${discovery} on ${isoDay(doneAt)}.`,
      );
    }
  }
  if (input.icp !== undefined && !fitsIcp(opp.account, icpSchema.parse(input.icp))) {
    add("off-profile", `Off-profile account: ${label}`, "The account does not fit the ideal customer profile: is this a deal worth chasing?");
  }
  if (opp.discountPct !== null && opp.discountPct > ctx.threshold) {
    add("maverick-discount", `Discount of ${opp.discountPct}%: ${label}`, `Above the team's ${ctx.threshold}% threshold: what is the discount buying?`);
  }
  const large = input.norms.largeValue;
  if (opp.value !== null && large !== null && opp.value >= large && blank(opp.strategy)) {
    add(
      "large-without-strategy",
      `Large deal without a strategy: ${label}`,
      `Value ${ctx.formatValue(opp.value)} is in the team's top quartile (from ${ctx.formatValue(large)}) and has no written strategy.`,
    );
  }
  const norm = input.norms.medianDaysInStage[opp.stage];
  const entered = opp.stageEnteredAt ?? latestReached(opp);
  if (norm !== undefined && entered !== null) {
    const inStage = daysBetween(entered, ctx.now);
    if (inStage > norm) {
      add("stalled", `Stalled in ${opp.stage}: ${label}`, `${days(inStage)} in ${opp.stage}; the team's median is ${days(norm)}.`);
    }
  }
  if (blank(opp.nextStep)) add("no-next-step", `No next step: ${label}`, "Agree the next step and its date with the buyer.");
  else if (opp.nextStepDue && opp.nextStepDue.getTime() < t) {
    add("no-next-step", `Next step overdue: ${label}`, `"${opp.nextStep!.trim()}" was due ${isoDay(opp.nextStepDue)}.`);
  }
  if (blank(opp.mutualActionPlan)) add("no-mutual-action-plan", `No mutual action plan: ${label}`, "Build the plan to close with the buyer.");
  return items;
}

function latestReached(opp: AgendaOpportunity): Date | null {
  return opp.stagesReached.filter((s) => s.stage === opp.stage).reduce<Date | null>((max, s) => (max === null || s.at > max ? s.at : max), null);
}

function compareItems(a: AgendaItem & { due?: string }, b: AgendaItem & { due?: string }): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.opportunity && b.opportunity) {
    const va = a.opportunity.value ?? -Infinity;
    const vb = b.opportunity.value ?? -Infinity;
    if (va !== vb) return vb - va;
    if (a.opportunity.externalId !== b.opportunity.externalId) return a.opportunity.externalId < b.opportunity.externalId ? -1 : 1;
  }
  if (a.due !== undefined && b.due !== undefined && a.due !== b.due) return a.due < b.due ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function buildAgenda(input: AgendaInput, now: Date): Agenda {
  const config = cadenceConfigSchema.parse(input.config ?? {});
  const ctx = {
    threshold: config.discountThresholdPct,
    discoveryIndex: input.stageOrder.indexOf(config.discoveryStage),
    now,
    formatValue: input.formatValue ?? centsAsMajor,
  };
  const early = input.opportunities.filter((o) => o.phase === "early");
  const late = input.opportunities.length - early.length;
  const items: (AgendaItem & { due?: string })[] = [];

  if (input.pacing && input.pacing.status !== "on-track") {
    items.push({
      key: "pacing",
      kind: "pacing",
      title: input.pacing.status === "at-risk" ? "Pacing: at risk" : "Pacing: behind",
      detail: input.pacing.reason,
      priority: PRIORITY.pacing,
    });
  }
  for (const opp of early) {
    for (const item of dealItems(opp, input, ctx)) {
      items.push({ ...item, key: `${item.kind}:${opp.externalId}`, priority: PRIORITY[item.kind] });
    }
  }
  for (const p of input.promises ?? []) {
    const state = promiseState({ due: p.due, kept: p.kept ?? null, markedAt: p.markedAt ?? null }, now);
    if (state.state !== "open") continue;
    items.push({
      key: `open-promise:${typeof p.updateId === "number" ? "#" : ""}${p.updateId}`,
      kind: "open-promise",
      title: `Promise due ${p.due}${p.subject === "rep" ? "" : ` on ${p.subject}`}`,
      detail: p.text.trim() || "(no text)",
      priority: PRIORITY["open-promise"],
      due: p.due,
    });
  }
  items.sort(compareItems);
  return {
    repId: input.repId,
    generatedAt: now.toISOString(),
    items: items.map(({ due: _due, ...item }) => item),
    earlyStageDeals: early.length,
    lateStageDeals: late,
    lateStageNote: late === 0 ? null : `${late} late-stage ${late === 1 ? "deal" : "deals"} (not discussed here)`,
  };
}
