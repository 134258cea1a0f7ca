/**
 * The deterministic demo: a realistic sales organisation with a year of history, built from
 * a seed. Pure: same options (seed, sizes, `now`) give identical data; no clock, no
 * Math.random. Activities are produced lazily, per rep, so big demos stream.
 */
import { ABILITY_ACTIVITY_WEIGHT, ABILITY_PARAMS, STYLE_PARAMS } from "./archetypes.js";
import { generateRepActivities } from "./activities.js";
import { generateCadence } from "./cadence.js";
import { generateCoaching } from "./coaching.js";
import { DAY, windowStartFor, WorkCalendar } from "./calendar.js";
import { LEAD_SOURCES, PRODUCT_SPECS, REGIONS, SEGMENTS, type DemoProductSpec } from "./catalog.js";
import { bookFor, buildAccounts, buildOrganisation, defaultTeamCount, type DemoRep } from "./organisation.js";
import { generateRepOpportunities } from "./opportunities.js";
import { createRandom, seedFor, type Random } from "./random.js";
import type { DemoAccount, DemoData, DemoLead, DemoOpportunity, DemoOptions, DemoQuota, DemoTeam } from "./types.js";

/** The demo's activity volume: 100,000 for 18 reps over 12 months, linear in reps × months. */
export function targetActivityCount(reps: number, months: number): number {
  return Math.round((100_000 * reps * months) / (18 * 12));
}

export function resolveDemoOptions(input: DemoOptions): Required<DemoOptions> {
  const { seed, reps, months, now } = input;
  const teams = input.teams ?? defaultTeamCount(reps);
  for (const [name, value, min] of [["reps", reps, 1], ["months", months, 1], ["teams", teams, 1]] as const) {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min} (got ${value})`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer (got ${seed})`);
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  return { seed, reps, months, now: new Date(now.getTime()), teams };
}

interface RepPlan {
  rep: DemoRep;
  calendar: WorkCalendar;
  book: DemoAccount[];
  opportunities: DemoOpportunity[];
  activityWeight: number;
}

export function generateDemo(input: DemoOptions): DemoData {
  const options = resolveDemoOptions(input);
  const now = options.now.getTime();
  const windowStart = windowStartFor(options.now, options.months).getTime();
  const orgRng = createRandom(seedFor(options.seed, "organisation"));
  const org = buildOrganisation(options, orgRng);
  const accounts = buildAccounts(org.reps, orgRng);
  const accountsByName = new Map(accounts.map((a) => [a.name, a]));
  const byRegion = new Map<string, DemoAccount[]>();
  for (const account of accounts) {
    const list = byRegion.get(account.region) ?? [];
    list.push(account);
    byRegion.set(account.region, list);
  }

  let opportunityNumber = 0;
  const nextExternalId = () => `DM${String(++opportunityNumber).padStart(6, "0")}`;
  const plans: RepPlan[] = org.reps.map((rep) => {
    const rng = createRandom(seedFor(options.seed, "rep", rep.index));
    const away =
      rep.user.outOfOfficeFrom && rep.user.outOfOfficeTo
        ? { from: rep.user.outOfOfficeFrom.getTime(), to: rep.user.outOfOfficeTo.getTime() }
        : undefined;
    const calendar = WorkCalendar.build({ windowStart, now, utcOffsetHours: rep.region.utcOffsetHours, away });
    const book = bookFor(rep, byRegion, STYLE_PARAMS[rep.archetype.style].bookSize, rng);
    const opportunities = generateRepOpportunities({ rep, calendar, book, windowStart, now, rng, nextExternalId });
    const activityWeight =
      STYLE_PARAMS[rep.archetype.style].activityWeight * ABILITY_ACTIVITY_WEIGHT[rep.archetype.ability] * rng.between(0.9, 1.1);
    return { rep, calendar, book, opportunities, activityWeight };
  });

  // Each rep's share of the total, by weight and by days actually worked.
  const targetActivities = targetActivityCount(options.reps, options.months);
  const weightedDays = plans.reduce((sum, p) => sum + p.activityWeight * p.calendar.days, 0);
  const activityPlan = (plan: RepPlan) => ({
    rep: plan.rep,
    calendar: plan.calendar,
    book: plan.book,
    accountsByName,
    opportunities: plan.opportunities,
    target: weightedDays > 0 ? (targetActivities * plan.activityWeight * plan.calendar.days) / weightedDays : 0,
    seed: seedFor(options.seed, "activities", plan.rep.index),
    now,
  });
  const planByName = new Map(plans.map((p) => [p.rep.user.name, p]));

  const salesTeams = org.teams.filter((t) => t.kind === "team");
  const cadence = generateCadence({
    reps: org.reps,
    opportunities: new Map(plans.map((p) => [p.rep.user.name, p.opportunities])),
    now: options.now,
    rngFor: (rep) => createRandom(seedFor(options.seed, "cadence", rep.index)),
  });
  const coaching = generateCoaching({
    reps: org.reps,
    now: options.now,
    rngFor: (rep) => createRandom(seedFor(options.seed, "coaching", rep)),
  });
  return {
    options,
    windowStart: new Date(windowStart),
    teams: org.teams,
    users: org.users,
    accounts,
    products: PRODUCT_SPECS.map((p) => ({ name: p.name, series: p.series, priceCents: p.price * 100 })),
    opportunities: plans.flatMap((p) => p.opportunities),
    leads: generateLeads(salesTeams, org.reps, byRegion, options, createRandom(seedFor(options.seed, "leads"))),
    quotas: plans.flatMap((p) => quotasFor(p, options)),
    updates: cadence.updates,
    requests: cadence.requests,
    schedules: coaching.schedules,
    oneOnOnes: coaching.oneOnOnes,
    targetActivities,
    *activities() {
      for (const plan of plans) yield* generateRepActivities(activityPlan(plan));
    },
    *activitiesOf(rep: string) {
      const plan = planByName.get(rep);
      if (plan) yield* generateRepActivities(activityPlan(plan));
    },
  };
}

/** `YYYY-MM` of the month `offset` months from the month of `date` (UTC). */
export function monthPeriod(date: Date, offset: number): { period: string; periodStart: string; periodEnd: string } {
  const first = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { period: iso(first).slice(0, 7), periodStart: iso(first), periodEnd: iso(last) };
}

/**
 * A monthly quota for every month the window touches plus next month, sized from what the
 * rep actually won so A reps land near 110% attainment, B near 85%, C near 55%.
 */
function quotasFor(plan: RepPlan, options: Required<DemoOptions>): DemoQuota[] {
  const ability = ABILITY_PARAMS[plan.rep.archetype.ability];
  const won = plan.opportunities.filter((o) => o.outcome === "won").reduce((sum, o) => sum + o.valueCents, 0);
  // A rep who won nothing still gets a quota: what their pipeline should have yielded.
  const expected = plan.opportunities.reduce((sum, o) => sum + o.valueCents, 0) * ability.winRate;
  const monthlyWon = (won > 0 ? won : expected) / options.months;
  const amountCents = Math.max(1_000_00, Math.round(monthlyWon / ability.targetAttainment / 500_00) * 500_00);
  const quotas: DemoQuota[] = [];
  for (let offset = -options.months; offset <= 1; offset++) {
    quotas.push({ rep: plan.rep.user.name, ...monthPeriod(options.now, offset), amountCents });
  }
  return quotas;
}

/** Recent inbound leads, new and unassigned, for routing to work on. */
function generateLeads(
  teams: readonly DemoTeam[],
  reps: readonly DemoRep[],
  byRegion: ReadonlyMap<string, DemoAccount[]>,
  options: Required<DemoOptions>,
  rng: Random,
): DemoLead[] {
  if (teams.length === 0) return [];
  const count = Math.max(50, Math.round((300 * options.reps) / 18));
  const now = options.now.getTime();
  const arrivals = Array.from({ length: count }, () => Math.floor((now - rng.next() * 10 * DAY) / 1000) * 1000).sort((a, b) => a - b);
  const weights = Object.fromEntries(PRODUCT_SPECS.map((p) => [p.name, p.weight]));
  return arrivals.map((arrivedAt, k): DemoLead => {
    const team = rng.pick(teams);
    const region = team.region ?? "";
    const productName = rng.weighted(weights);
    const spec = PRODUCT_SPECS.find((p) => p.name === productName) as DemoProductSpec;
    const pool = byRegion.get(region) ?? [];
    const account = pool.length > 0 && rng.chance(0.4) ? rng.pick(pool) : null;
    // Leads mostly speak a language someone on the team speaks; a few do not (nobody is eligible).
    const spoken = reps.filter((r) => r.user.team === team.name).flatMap((r) => r.user.languages);
    const regional = REGIONS.find((r) => r.name === region)?.languages ?? [];
    const others = (rng.chance(0.9) ? spoken : regional).filter((l) => l !== "en");
    const units = Math.round((spec.units[0] + spec.units[1]) / 2);
    return {
      externalId: `DL${String(k + 1).padStart(6, "0")}`,
      team: team.name,
      arrivedAt: new Date(arrivedAt),
      product: spec.name,
      segment: account?.segment ?? rng.pick(SEGMENTS),
      region,
      language: others.length === 0 || rng.chance(0.65) ? "en" : rng.pick(others),
      account: account?.name ?? null,
      source: rng.pick(LEAD_SOURCES),
      valueCents: Math.round(spec.price * units * rng.between(0.8, 1.2)) * 100,
      status: "new",
    };
  });
}
