/**
 * "Vocalise it" (D1): the one-sentence reason of a decision, and what would have won a rep
 * the lead. Both read only the stored explanation, so they work on decisions made long ago
 * under older settings.
 */
import { activityScore } from "./activity.js";
import { compareContenders, equilibriumScore, type Contender } from "./score.js";
import type { CandidateExplanation, DecisionExplanation } from "./types.js";

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st, 22nd, 101st, 111th. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  const suffix = ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

/** Scores with two decimals: "0.88". */
export function formatScore(x: number): string {
  return x.toFixed(2);
}

/** Points without trailing zeros: "41", "7.5", "19.42". */
export function formatPoints(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function leadLabel(e: DecisionExplanation): string {
  return e.lead.product ? `Lead ${e.lead.ref} (${e.lead.product})` : `Lead ${e.lead.ref}`;
}

/** "won 8 of 12 GTX Pro deals", with fall-backs for reps who closed nothing similar. */
function record(e: DecisionExplanation, c: CandidateExplanation): string {
  const label = e.similarity.label;
  if (c.closedSimilar > 0) return `won ${c.winsSimilar} of ${c.closedSimilar} ${label} deals`;
  if (c.closedAll > 0) return `no ${label} deals closed yet, won ${c.winsAll} of ${c.closedAll} overall`;
  return "no closed deals yet";
}

function runnerUpClause(e: DecisionExplanation): string {
  const { winner, runnerUp, margin } = e;
  if (!winner || !runnerUp || margin === null) return "no other eligible rep";
  if (margin > 0) {
    return `runner-up ${runnerUp.name} by ${margin < 0.005 ? "less than 0.01" : formatScore(margin)}`;
  }
  const why =
    winner.leadsLast30Days !== runnerUp.leadsLast30Days
      ? `${winner.leadsLast30Days} vs ${runnerUp.leadsLast30Days} leads in ${e.params.recentLeadsWindowDays} days`
      : "lower rep id";
  return `runner-up ${runnerUp.name} tied and lost the tie-break (${why})`;
}

/** The sentence shown to the team, e.g. "Lead L-123 (GTX Pro) went to Dana Cruz: …". */
export function renderReason(e: DecisionExplanation): string {
  const lead = leadLabel(e);
  const w = e.winner;
  if (!w) {
    const excluded = e.candidates.length;
    return excluded === 0
      ? `${lead} was not assigned: the team has no reps.`
      : `${lead} was not assigned: no eligible rep (${excluded} excluded by constraints).`;
  }
  if (e.policy === "milk-round") {
    const previous = e.candidates.find((c) => c.id === e.previousRotationAssigneeId);
    const after = previous && previous.id !== w.id ? ` after ${previous.name}` : "";
    const next = e.runnerUp ? `; next up ${e.runnerUp.name}` : "";
    return `${lead} went to ${w.name}: next in the rotation${after}${next}.`;
  }
  if (e.policy === "top-performer") {
    return `${lead} went to ${w.name}: highest merit — ${record(e, w)} (merit ${formatScore(w.m!)}); ${runnerUpClause(e)}.`;
  }
  const activity =
    `${formatPoints(w.a!)} proactive points in ${e.params.activityWindowDays} days, ` +
    `${ordinal(w.pointsRank!)} of ${e.eligibleCount} (activity ${formatScore(w.A!)})`;
  return (
    `${lead} went to ${w.name}: strongest mix of merit and activity — ` +
    `${record(e, w)} (merit ${formatScore(w.M!)}) and ${activity}; ${runnerUpClause(e)}.`
  );
}

export type PointsNeeded =
  | { kind: "won" }
  /** `points` more proactive points in the window (T held as recorded) would have won it. */
  | { kind: "points"; points: number; A: number; S: number; winnerS: number }
  /** Even A = 1 would not beat the winner: merit, not activity, is what they lack. */
  | { kind: "merit"; bestS: number; winnerS: number }
  | { kind: "excluded"; reason: string }
  /** The policy does not reward activity. */
  | { kind: "not-applicable"; reason: string }
  | { kind: "unknown-rep" };

function contenderOf(c: CandidateExplanation, S: number, A: number): Contender {
  return { id: c.id, S, positive: c.M! > 0 && A > 0, leadsLast30Days: c.leadsLast30Days };
}

/**
 * What would have won `repId` this lead under the equilibrium policy: the smallest number of
 * extra proactive points x ≥ 0 (in hundredths of a point) such that, with everything else as
 * recorded (T included), S = M^w · min(1, (a + x)/T)^(1−w) beats the winner under the tie
 * rule. Closed form: A* = (S_win / M^w)^(1/(1−w)), x = A*·T − a, then a step either way to
 * settle rounding and ties. When even A = 1 is not enough, merit is what they lack.
 */
export function pointsNeededToWin(e: DecisionExplanation, repId: number): PointsNeeded {
  const c = e.candidates.find((row) => row.id === repId);
  if (!c) return { kind: "unknown-rep" };
  if (c.excluded !== null) return { kind: "excluded", reason: c.excluded };
  if (e.winner?.id === repId) return { kind: "won" };
  if (e.policy === "milk-round") return { kind: "not-applicable", reason: "the rotation decides; activity plays no part" };
  if (e.policy === "top-performer") return { kind: "not-applicable", reason: "top-performer routes on merit alone" };
  const winner = e.winner!;
  const T = e.T!;
  const w = e.params.meritWeight;
  const M = c.M!;
  const aH = Math.round(c.a! * 100);
  const rival = contenderOf(winner, winner.S!, winner.A!);

  const at = (extraH: number) => {
    const A = activityScore((aH + extraH) / 100, T);
    const S = equilibriumScore(M, A, w);
    return { A, S, wins: compareContenders(contenderOf(c, S, A), rival) < 0 };
  };
  const enoughForFullA = T === 0 ? 0 : Math.max(0, Math.ceil(T * 100) - aH);
  const best = at(enoughForFullA);
  if (!best.wins) return { kind: "merit", bestS: best.S, winnerS: winner.S! };

  const aStar = M > 0 ? (winner.S! / M ** w) ** (1 / (1 - w)) : 1;
  let x = Math.min(enoughForFullA, Math.max(0, Math.ceil(aStar * T * 100) - aH));
  while (x > 0 && at(x - 1).wins) x -= 1;
  while (!at(x).wins) x += 1;
  const { A, S } = at(x);
  return { kind: "points", points: x / 100, A, S, winnerS: winner.S! };
}

/** The sentence a rep sees about the next lead, e.g. "19.42 more proactive points …". */
export function renderPointsNeeded(result: PointsNeeded, windowDays: number): string {
  switch (result.kind) {
    case "won":
      return "You won this lead.";
    case "points":
      return `${formatPoints(result.points)} more proactive points in ${windowDays} days would have won you this lead.`;
    case "merit":
      return "More activity alone would not have won this lead: merit on deals like it is what decided.";
    case "excluded":
      return `You were not eligible: ${result.reason}.`;
    case "not-applicable":
      return `Activity did not decide this lead: ${result.reason}.`;
    case "unknown-rep":
      return "You were not a candidate for this lead.";
  }
}
