/**
 * "What would win me the next lead", in plain words: how the team's recent leads split by
 * outcome for one rep, how many more they would have won with more points, and what those
 * points are in calls and meetings. Pure.
 */
import type { NextLeadItem, NextLeadOutcome } from "../api/routingTypes.js";
import { formatPoints } from "./leadFeed.js";

export type OutcomeCounts = Record<NextLeadOutcome, number> & { total: number };

export function countOutcomes(leads: readonly NextLeadItem[]): OutcomeCounts {
  const counts: OutcomeCounts = { won: 0, points: 0, merit: 0, excluded: 0, "not-applicable": 0, "not-a-candidate": 0, total: leads.length };
  for (const lead of leads) counts[lead.outcome] += 1;
  return counts;
}

/**
 * With p more points, how many of these leads would have been won: one step per distinct
 * amount, ascending. Each lead is judged on its own, with everything else as recorded.
 */
export function reachSteps(leads: readonly NextLeadItem[]): { points: number; leads: number }[] {
  const needed = leads.flatMap((l) => (l.outcome === "points" && l.pointsNeeded !== null ? [l.pointsNeeded] : [])).sort((a, b) => a - b);
  const steps: { points: number; leads: number }[] = [];
  needed.forEach((points, i) => {
    const last = steps.at(-1);
    if (last && last.points === points) last.leads = i + 1;
    else steps.push({ points, leads: i + 1 });
  });
  return steps;
}

const KIND_WORDS: Record<string, [string, string]> = {
  call: ["call", "calls"],
  email: ["email", "emails"],
  meeting: ["meeting", "meetings"],
  visit: ["visit", "visits"],
  proposal: ["proposal", "proposals"],
  "opportunity-created": ["new opportunity", "new opportunities"],
};

/**
 * Points as activities of one kind each ("about 7 meetings or 20 calls"), using the team's
 * weights; kinds worth nothing are left out. Empty when no listed kind counts.
 */
export function pointsAsActivities(
  points: number,
  weights: Readonly<Record<string, number>> | null | undefined,
  kinds: readonly string[] = ["meeting", "call"],
): string {
  if (!weights || points <= 0) return "";
  const options = kinds.flatMap((kind) => {
    const weight = weights[kind] ?? 0;
    const words = KIND_WORDS[kind];
    if (weight <= 0 || !words) return [];
    const count = Math.ceil(points / weight - 1e-9);
    return [`${count} ${count === 1 ? words[0] : words[1]}`];
  });
  return options.length === 0 ? "" : `about ${options.join(" or ")}`;
}

/** The reach chart's title: "More proactive points in 14 days that would have won each lead". */
export function reachChartTitle(windowDays: number | null | undefined): string {
  return `More proactive points${windowDays ? ` in ${windowDays} days` : ""} that would have won each lead`;
}

/** The verdict on one lead, short, for the rep ("you") or about them (their name). */
export function nextLeadVerdict(lead: NextLeadItem, who: { self: boolean; name: string }, windowDays: number | null | undefined): string {
  const you = who.self ? "you" : who.name;
  const your = who.self ? "your" : `${who.name}'s`;
  const window = windowDays ? ` in ${windowDays} days` : "";
  switch (lead.outcome) {
    case "won":
      return who.self ? "You won it." : `${who.name} won it.`;
    case "points":
      return `${formatPoints(lead.pointsNeeded)} more proactive points${window} would have won it.`;
    case "merit":
      return `More activity alone would not have won it: ${your} record on deals like it decided.`;
    case "excluded":
      return `Not eligible: ${lead.reason ?? "a routing constraint"}.`;
    case "not-applicable":
      return `Activity did not count: ${lead.reason ?? "another policy decided"}.`;
    case "not-a-candidate":
      return `Not a candidate (${you} ${who.self ? "were" : "was"} not on the team's list then).`;
  }
}

/** The headline: how the recent leads went, and the cheapest next win. */
export function nextLeadHeadline(
  leads: readonly NextLeadItem[],
  who: { self: boolean; name: string },
  weights: Readonly<Record<string, number>> | null | undefined,
  windowDays: number | null | undefined,
): string {
  if (leads.length === 0) return "No leads have been routed in the team yet.";
  const counts = countOutcomes(leads);
  const you = who.self ? "you" : who.name;
  const parts = [`Of the team's last ${counts.total} ${counts.total === 1 ? "lead" : "leads"}, ${you} won ${counts.won}.`];
  const steps = reachSteps(leads);
  const first = steps[0];
  if (first) {
    const window = windowDays ? ` in ${windowDays} days` : "";
    const inActivities = pointsAsActivities(first.points, weights);
    const more = counts.points === 1 ? "1 more was" : `${counts.points} more were`;
    parts.push(
      `${more} within reach of more hunting: the closest needed ${formatPoints(first.points)} more proactive points${window}` +
        `${inActivities ? ` (${inActivities})` : ""}.`,
    );
  }
  if (counts.merit > 0) {
    parts.push(`On ${counts.merit} ${counts.merit === 1 ? "lead" : "leads"}, merit on deals like ${counts.merit === 1 ? "it" : "them"}, not activity, is what ${who.self ? "you lack" : "was missing"}.`);
  }
  return parts.join(" ");
}
