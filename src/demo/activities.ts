/**
 * One rep's activity stream: the events of their opportunities (created, discovery meeting,
 * proposal), then day-to-day work filling their share of the demo's volume. Meetings are
 * followed up in writing by the rep's discipline (D6.4: fast for A players, late or never for
 * C players); visits carry a place and a check-out (D7).
 */
import type { ActivityKind } from "../store/schema.js";
import { ABILITY_PARAMS, STYLE_PARAMS } from "./archetypes.js";
import { HOUR, type WorkCalendar } from "./calendar.js";
import type { DemoRep } from "./organisation.js";
import { createRandom, type Random } from "./random.js";
import { OPEN_STAGES, type DemoAccount, type DemoActivity, type DemoOpportunity } from "./types.js";

export interface RepActivityPlan {
  rep: DemoRep;
  calendar: WorkCalendar;
  book: readonly DemoAccount[];
  accountsByName: ReadonlyMap<string, DemoAccount>;
  opportunities: readonly DemoOpportunity[];
  /** The rep's share of the demo's activity total. */
  target: number;
  seed: number;
  now: number;
}

const MINUTE = 60_000;

function activity(rep: string, kind: ActivityKind, at: number, fields: Partial<DemoActivity> = {}): DemoActivity {
  return {
    rep,
    kind,
    proactive: false,
    at: new Date(at),
    durationMinutes: null,
    account: null,
    opportunity: null,
    outcome: null,
    latitude: null,
    longitude: null,
    checkOutAt: null,
    ...fields,
  };
}

export function* generateRepActivities(plan: RepActivityPlan): Generator<DemoActivity> {
  const rng = createRandom(plan.seed);
  const { rep, calendar } = plan;
  const name = rep.user.name;
  const ability = ABILITY_PARAMS[rep.archetype.ability];
  const style = STYLE_PARAMS[rep.archetype.style];
  if (calendar.days === 0) return;

  const followUp = (meetingAt: number, minutes: number, link: Partial<DemoActivity>): DemoActivity | null => {
    if (!rng.chance(ability.followUpRate)) return null;
    const delayHours = rng.chance(ability.fastFollowUpShare) ? rng.between(0.25, 3) : rng.between(26, 96);
    const at = calendar.nextWorkingMoment(meetingAt + minutes * MINUTE + delayHours * HOUR, rng);
    return at === null ? null : activity(name, "follow-up", at, { account: link.account, opportunity: link.opportunity, outcome: "sent" });
  };

  // Opportunity events first; their count is known before the day-to-day filler is sized.
  const events: DemoActivity[] = [];
  for (const opp of plan.opportunities) {
    const link = { account: opp.account, opportunity: opp.externalId };
    events.push(activity(name, "opportunity-created", opp.createdOn.getTime(), { ...link, proactive: true }));
    if (opp.engagedAt) {
      const at = opp.engagedAt.getTime();
      const minutes = rng.int(30, 75);
      events.push(activity(name, "meeting", at, { ...link, durationMinutes: minutes, outcome: "held", proactive: rng.chance(style.proactiveShare) }));
      const written = followUp(at, minutes, link);
      if (written) events.push(written);
    }
    const reachedProposal = opp.outcome === "won" || OPEN_STAGES.indexOf(opp.stage) >= 4 || (opp.outcome === "lost" && opp.engagedAt && rng.chance(0.5));
    if (reachedProposal) {
      const from = (opp.engagedAt ?? opp.createdOn).getTime();
      const to = (opp.closedAt ?? opp.stageChangedAt).getTime();
      const at = calendar.clampToWork(from + rng.between(0.3, 0.9) * (to - from), rng);
      events.push(activity(name, "proposal", Math.min(Math.max(at, from), to), { ...link, outcome: "sent" }));
    }
  }
  yield* events;

  const perDay = Math.max(0, plan.target - events.length) / calendar.days;
  const opportunities = plan.opportunities;
  for (let day = 0; day < calendar.days; day++) {
    let remaining = Math.floor(perDay * rng.between(0.7, 1.3) + rng.next());
    while (remaining > 0) {
      remaining--;
      const at = calendar.momentOn(day, rng);
      const kind = rng.weighted(style.mix);
      const opp = openOpportunityAt(opportunities, at, rng);
      const account = opp ? plan.accountsByName.get(opp.account) : rng.pick(plan.book);
      const link = { account: account?.name ?? null, opportunity: opp?.externalId ?? null };
      const outbound = kind !== "next-step" && rng.chance(style.proactiveShare);
      switch (kind) {
        case "call":
          yield activity(name, kind, at, { ...link, proactive: outbound, durationMinutes: rng.int(3, 25), outcome: callOutcome(rng) });
          break;
        case "email":
          yield activity(name, kind, at, { ...link, proactive: outbound, outcome: outbound ? "sent" : "replied" });
          break;
        case "meeting": {
          const minutes = rng.int(30, 60);
          yield activity(name, kind, at, { ...link, proactive: outbound, durationMinutes: minutes, outcome: "held" });
          const written = followUp(at, minutes, link);
          if (written) {
            remaining--;
            yield written;
          }
          break;
        }
        case "visit": {
          const minutes = rng.int(45, 120);
          const checkOut = at + minutes * MINUTE;
          yield activity(name, kind, at, {
            ...link,
            proactive: outbound,
            durationMinutes: minutes,
            outcome: "completed",
            latitude: round6((account?.latitude ?? 0) + rng.between(-0.01, 0.01)),
            longitude: round6((account?.longitude ?? 0) + rng.between(-0.01, 0.01)),
            // Still on site when the demo was generated: checked in, not yet out.
            checkOutAt: checkOut <= plan.now ? new Date(checkOut) : null,
          });
          break;
        }
        case "next-step":
          yield activity(name, kind, at, link);
          break;
      }
    }
  }
}

/** An opportunity of the rep's that is open at `at`, about a third of the time. */
function openOpportunityAt(opportunities: readonly DemoOpportunity[], at: number, rng: Random): DemoOpportunity | null {
  if (opportunities.length === 0 || !rng.chance(0.4)) return null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const opp = rng.pick(opportunities);
    if (opp.createdOn.getTime() <= at && (opp.closedAt === null || opp.closedAt.getTime() >= at)) return opp;
  }
  return null;
}

function callOutcome(rng: Random): string {
  return rng.weighted({ connected: 4, "no answer": 3, voicemail: 2 });
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
