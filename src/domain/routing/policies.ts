/**
 * `routeLead`: the three routing policies over the same inputs.
 *
 * - equilibrium (default): highest S = M^w · A^(1−w) (see score.ts, merit.ts, activity.ts).
 * - top-performer (baseline): highest m, activity ignored.
 * - milk-round (baseline): strict rotation by rep id, starting after the last rep who got a
 *   lead from this rotation, skipping reps who fail a constraint.
 *
 * All three apply the hard constraints first (constraints.ts) and break ties the same way:
 * fewer leads received in the last 30 days, then the lower rep id. The output does not depend
 * on the order of the candidates.
 */
import { activityScore, activityTarget, pointsWithWeightsInHundredths, weightsInHundredths } from "./activity.js";
import { exclusionReason } from "./constraints.js";
import { renderReason } from "./explain.js";
import { effectiveSimilarityKeys, merit, relativeMerit, similarityLabel, teamWinRate } from "./merit.js";
import { compareContenders, equilibriumScore, type Contender } from "./score.js";
import type {
  CandidateExplanation,
  CandidateInput,
  DecisionExplanation,
  LeadInput,
  RoutingDecision,
  RoutingSettings,
  RoutingState,
} from "./types.js";

/** One rep's explanation row before the policy fills in its numbers. */
function baseRow(rep: CandidateInput, excluded: string | null): CandidateExplanation {
  return {
    id: rep.id,
    name: rep.name,
    rank: null,
    excluded,
    pR: null,
    m: null,
    M: null,
    a: null,
    A: null,
    S: null,
    pointsRank: null,
    // Spelled out: a spread of the history object cost more than the rest of the row.
    winsSimilar: rep.history.winsSimilar,
    closedSimilar: rep.history.closedSimilar,
    winsAll: rep.history.winsAll,
    closedAll: rep.history.closedAll,
    leadsLast30Days: rep.leadsLast30Days,
    openLeads: rep.openLeads,
  };
}

interface PolicyOutcome {
  /** Eligible rows, best first. */
  ranked: CandidateExplanation[];
  pTeam: number | null;
  T: number | null;
  targetSource: "manager" | "percentile" | null;
  margin: number | null;
}

type Rows = { rep: CandidateInput; row: CandidateExplanation }[];

function withMerit(rows: Rows, settings: RoutingSettings, state: RoutingState): number {
  const pTeam = teamWinRate(state.teamHistory);
  for (const { rep, row } of rows) {
    const { pR, m } = merit(rep.history, settings.params.smoothingK, pTeam);
    row.pR = pR;
    row.m = m;
  }
  return pTeam;
}

/**
 * `rows` best first by compareContenders, where `scoreOf` is a row's S and `positiveOf` says
 * whether both its factors are above 0. A comparator call per comparison took a fifth of
 * routeLead's time at 1,000 reps, so the rows' keys sort as a typed array (natively) and each
 * row goes to the place its key's rank gives; only rows with equal keys are compared. A key is S,
 * or S − 2 for a row that is not positive (S ≤ 1, so every such key is below every positive
 * one): keys order rows as compareContenders does, and two rows whose keys are equal are put
 * in order by compareContenders itself.
 */
function rank(
  rows: readonly CandidateExplanation[],
  scoreOf: (row: CandidateExplanation) => number,
  positiveOf: (row: CandidateExplanation) => boolean,
): CandidateExplanation[] {
  const n = rows.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = positiveOf(rows[i]!) ? scoreOf(rows[i]!) : scoreOf(rows[i]!) - 2;
  const ascending = Float64Array.from(keys).sort();
  const ranked = new Array<CandidateExplanation>(n);
  // Rows placed so far at each first place (where rows with the same key start).
  const placed = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const first = countAbove(ascending, keys[i]!);
    ranked[first + placed[first]!++] = rows[i]!;
  }
  for (let first = 0; first < n; first++) {
    const count = placed[first]!;
    if (count < 2) continue;
    // One contender per tied row (not two per comparison), sorted, written back in place.
    const tied: (Contender & { row: CandidateExplanation })[] = [];
    for (let j = first; j < first + count; j++) {
      const row = ranked[j]!;
      tied.push({ id: row.id, S: scoreOf(row), positive: positiveOf(row), leadsLast30Days: row.leadsLast30Days, row });
    }
    tied.sort(compareContenders);
    for (let j = 0; j < count; j++) ranked[first + j] = tied[j]!.row;
  }
  return ranked;
}

/** How many of `ascending` (sorted low to high) are greater than `x`: a binary search. */
function countAbove(ascending: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return ascending.length - lo;
}

function maxMerit(eligible: Rows): number {
  return eligible.reduce((max, { row }) => Math.max(max, row.m ?? 0), 0);
}

function equilibrium(rows: Rows, settings: RoutingSettings, state: RoutingState): PolicyOutcome {
  const { params } = settings;
  const pTeam = withMerit(rows, settings, state);
  const hundredths = weightsInHundredths(params.activityWeights);
  for (const { rep, row } of rows) row.a = pointsWithWeightsInHundredths(rep.proactiveActivity, hundredths) / 100;
  const eligible = rows.filter(({ row }) => row.excluded === null);
  const maxM = maxMerit(eligible);
  // Sorted once, as a typed array (natively), for T and for each rep's points rank.
  const points = new Float64Array(eligible.length);
  for (let i = 0; i < eligible.length; i++) points[i] = eligible[i]!.row.a!;
  points.sort();
  const { T, source } = activityTarget(params.activityTarget, points);
  for (const { row } of eligible) {
    row.M = relativeMerit(row.m!, maxM);
    row.A = activityScore(row.a!, T!);
    row.S = equilibriumScore(row.M, row.A, params.meritWeight);
    row.pointsRank = 1 + countAbove(points, row.a!);
  }
  const ranked = rank(eligible.map(({ row }) => row), (row) => row.S!, (row) => row.M! > 0 && row.A! > 0);
  const [first, second] = ranked;
  const margin = first && second ? first.S! - second.S! : null;
  return { ranked, pTeam, T: eligible.length > 0 ? T : null, targetSource: eligible.length > 0 ? source : null, margin };
}

function topPerformer(rows: Rows, settings: RoutingSettings, state: RoutingState): PolicyOutcome {
  const pTeam = withMerit(rows, settings, state);
  const eligible = rows.filter(({ row }) => row.excluded === null);
  const maxM = maxMerit(eligible);
  for (const { row } of eligible) row.M = relativeMerit(row.m!, maxM);
  const ranked = rank(eligible.map(({ row }) => row), (row) => row.m!, () => true);
  const [first, second] = ranked;
  return { ranked, pTeam, T: null, targetSource: null, margin: first && second ? first.m! - second.m! : null };
}

/** Eligible reps in id order, rotated to start after the last rotation assignee. */
function milkRound(rows: Rows, state: RoutingState): PolicyOutcome {
  const eligible = rows.filter(({ row }) => row.excluded === null).map(({ row }) => row);
  const last = state.lastRotationAssigneeId;
  const start = last === null ? 0 : Math.max(0, eligible.findIndex((row) => row.id > last));
  const ranked = [...eligible.slice(start), ...eligible.slice(0, start)];
  return { ranked, pTeam: null, T: null, targetSource: null, margin: null };
}

function idsAscending(reps: readonly CandidateInput[]): boolean {
  for (let i = 1; i < reps.length; i++) if (reps[i - 1]!.id > reps[i]!.id) return false;
  return true;
}

export function routeLead(
  lead: LeadInput,
  candidates: readonly CandidateInput[],
  settings: RoutingSettings,
  state: RoutingState,
): RoutingDecision {
  const reps = candidates.filter((c) => c.role === "rep");
  // The store passes them in id order: sort only when they are not (a sort of 1,000 allocated more than routeLead's rows).
  if (!idsAscending(reps)) reps.sort((x, y) => x.id - y.id);
  for (let i = 1; i < reps.length; i++) if (reps[i - 1]!.id === reps[i]!.id) throw new Error(`routeLead: candidate ${reps[i]!.id} appears twice`);
  const rows: Rows = reps.map((rep) => ({
    rep,
    row: baseRow(rep, exclusionReason(lead, rep, settings.params, state.now)),
  }));

  const outcome =
    settings.policy === "equilibrium"
      ? equilibrium(rows, settings, state)
      : settings.policy === "top-performer"
        ? topPerformer(rows, settings, state)
        : milkRound(rows, state);
  outcome.ranked.forEach((row, i) => (row.rank = i + 1));
  const excluded = rows.filter(({ row }) => row.excluded !== null).map(({ row }) => row);

  // Copies, so `winner` and `runnerUp` are not the same objects as their `candidates` rows:
  // the stored value is a plain tree (no aliasing), exactly what JSON round-trips to.
  const winner = outcome.ranked[0] ? { ...outcome.ranked[0] } : null;
  const runnerUp = outcome.ranked[1] ? { ...outcome.ranked[1] } : null;
  const explanation: DecisionExplanation = {
    format: 1,
    policy: settings.policy,
    settingsVersion: settings.version,
    decidedAt: state.now.toISOString(),
    lead: {
      id: lead.id,
      ref: lead.ref,
      product: lead.product,
      segment: lead.segment,
      region: lead.region,
      language: lead.language,
      sizeBand: lead.sizeBand,
    },
    params: structuredClone(settings.params),
    similarity: {
      keys: effectiveSimilarityKeys(lead, settings.params.similarityKeys),
      label: similarityLabel(lead, settings.params.similarityKeys),
    },
    team: { wins: state.teamHistory.wins, closed: state.teamHistory.closed, pTeam: outcome.pTeam },
    T: outcome.T,
    targetSource: outcome.targetSource,
    eligibleCount: outcome.ranked.length,
    winner,
    runnerUp,
    margin: outcome.margin,
    previousRotationAssigneeId: settings.policy === "milk-round" ? state.lastRotationAssigneeId : null,
    candidates: [...outcome.ranked, ...excluded],
  };
  return {
    leadId: lead.id,
    policy: settings.policy,
    settingsVersion: settings.version,
    decidedAt: state.now,
    assigneeId: winner?.id ?? null,
    runnerUpId: runnerUp?.id ?? null,
    margin: outcome.margin,
    reason: renderReason(explanation),
    explanation,
  };
}
