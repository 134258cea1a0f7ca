/**
 * A rep's opportunities over the window. Each deal gets a planned creation and close; deals
 * whose close has passed are won or lost by the rep's win rate, the others are open at the
 * stage their progress through the cycle has reached (or stalled early, for weaker reps).
 */
import { ABILITY_PARAMS, STYLE_PARAMS } from "./archetypes.js";
import { DAY, type WorkCalendar } from "./calendar.js";
import { MUTUAL_ACTION_PLANS, NEXT_STEPS, PRODUCT_SPECS, STRATEGIES, type DemoProductSpec } from "./catalog.js";
import type { DemoRep } from "./organisation.js";
import type { Random } from "./random.js";
import { OPEN_STAGES, type DemoAccount, type DemoOpportunity, type StageName } from "./types.js";

const MONTH = 30.44 * DAY;
/** Deals created this long before the window that close inside it are pulled into the window. */
const LEAD_IN = 60 * DAY;
/** Deals at or above this value are "large" and deserve a written strategy (D3). */
export const LARGE_DEAL_CENTS = 40_000_00;

export interface RepOpportunityContext {
  rep: DemoRep;
  calendar: WorkCalendar;
  book: readonly DemoAccount[];
  windowStart: number;
  now: number;
  rng: Random;
  nextExternalId: () => string;
}

function pickProduct(rep: DemoRep, rng: Random): DemoProductSpec {
  const allowed = PRODUCT_SPECS.filter((p) => rep.user.products.includes(p.name));
  const weights = Object.fromEntries(
    allowed.map((p) => [p.name, p.weight * (rep.archetype.style === "account-manager" && p.name === "GTK 500" ? 2 : 1)]),
  );
  const name = rng.weighted(weights);
  return allowed.find((p) => p.name === name) as DemoProductSpec;
}

export function generateRepOpportunities(ctx: RepOpportunityContext): DemoOpportunity[] {
  const { rep, calendar, rng, windowStart, now } = ctx;
  const ability = ABILITY_PARAMS[rep.archetype.ability];
  const style = STYLE_PARAMS[rep.archetype.style];
  const winRate = ability.winRate + rng.between(-0.04, 0.04);
  const dealMultiplier = ability.dealMultiplier * style.dealMultiplier * rng.between(0.9, 1.1);
  const perMonth = style.opportunitiesPerMonth * rng.between(0.85, 1.15);
  const span = now - windowStart + LEAD_IN;
  const planned = Math.round((perMonth * span) / MONTH);
  const result: DemoOpportunity[] = [];
  if (calendar.days === 0 || ctx.book.length === 0) return result;

  for (let k = 0; k < planned; k++) {
    const spec = pickProduct(rep, rng);
    const account = rng.pick(ctx.book);
    const cycle = rng.between(spec.cycleDays[0], spec.cycleDays[1]) * ability.cycleMultiplier * DAY;
    let plannedCreated = windowStart - LEAD_IN + rng.next() * span;
    const plannedClose = plannedCreated + cycle;
    if (plannedClose < windowStart) continue;
    // Started before the window: it shows up as a shorter deal created early in the window.
    if (plannedCreated < windowStart) plannedCreated = windowStart + rng.next() * 0.5 * (Math.min(plannedClose, now) - windowStart);
    const createdOn = calendar.clampToWork(plannedCreated, rng);

    const units = rng.int(spec.units[0], spec.units[1]);
    const listValue = spec.price * units * dealMultiplier * rng.between(0.85, 1.15);
    const closed = plannedClose <= now;
    let stage: StageName;
    let outcome: DemoOpportunity["outcome"] = "open";
    let engagedAt: number | null = null;
    let closedAt: number | null = null;
    let stageChangedAt: number;
    if (closed) {
      outcome = rng.chance(winRate) ? "won" : "lost";
      stage = outcome === "won" ? "Won" : "Lost";
      // Some losses come early: disqualified before the planned close.
      const closePlan = outcome === "lost" && rng.chance(0.4) ? createdOn + (plannedClose - createdOn) * rng.between(0.3, 0.8) : plannedClose;
      closedAt = Math.max(createdOn, calendar.clampToWork(closePlan, rng));
      if (outcome === "won" || rng.chance(0.75)) {
        engagedAt = clampBetween(calendar.clampToWork(createdOn + rng.between(0.1, 0.35) * (closedAt - createdOn), rng), createdOn, closedAt);
      }
      stageChangedAt = closedAt;
    } else {
      const stalled = rng.chance(ability.stallRate);
      const progress = Math.max(0, Math.min(0.999, (now - createdOn) / (plannedClose - createdOn)));
      const stageIndex = stalled ? Math.min(2, Math.floor(progress * 6)) : Math.min(5, Math.floor(progress * 6));
      stage = OPEN_STAGES[stageIndex] as StageName;
      const reachedAt = stalled
        ? createdOn + rng.between(0.05, 0.2) * (now - createdOn)
        : createdOn + (stageIndex / 6) * (plannedClose - createdOn);
      stageChangedAt = clampBetween(calendar.clampToWork(reachedAt, rng), createdOn, now);
      if (stageIndex >= 2) {
        engagedAt = clampBetween(calendar.clampToWork(createdOn + rng.between(0.1, 0.3) * (stageChangedAt - createdOn), rng), createdOn, stageChangedAt);
      }
    }

    const lateOrClosed = closed || OPEN_STAGES.indexOf(stage) >= 4;
    const discountPct = rng.chance(ability.discountRate * (lateOrClosed ? 1.5 : 0.5)) ? rng.int(8, 35) : null;
    const valueDollars = Math.max(1, Math.round(listValue * (1 - (discountPct ?? 0) / 100)));
    const costDollars = Math.round(spec.price * units * dealMultiplier * spec.costRatio * rng.between(0.92, 1.08));
    const valueCents = valueDollars * 100;
    const open = outcome === "open";
    const hasNextStep = open && rng.chance(ability.nextStepRate);
    const beyondDiscovery = outcome === "won" || OPEN_STAGES.indexOf(stage) >= 2 || (outcome === "lost" && engagedAt !== null);
    const strategyRate = valueCents >= LARGE_DEAL_CENTS ? ability.strategyRate : 0.04;

    result.push({
      externalId: ctx.nextExternalId(),
      owner: rep.user.name,
      account: account.name,
      product: spec.name,
      stage,
      outcome,
      valueCents,
      costCents: costDollars * 100,
      discountPct,
      createdOn: new Date(createdOn),
      engagedAt: engagedAt === null ? null : new Date(engagedAt),
      closedAt: closedAt === null ? null : new Date(closedAt),
      stageChangedAt: new Date(stageChangedAt),
      nextStep: hasNextStep ? rng.pick(NEXT_STEPS) : null,
      nextStepDue: hasNextStep ? new Date(Math.round((now + rng.between(-8, 14) * DAY) / 60_000) * 60_000) : null,
      mutualActionPlan: beyondDiscovery && rng.chance(ability.mutualActionPlanRate) ? rng.pick(MUTUAL_ACTION_PLANS) : null,
      strategy: rng.chance(strategyRate) ? rng.pick(STRATEGIES) : null,
    });
  }
  return result;
}

function clampBetween(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
