/** Small factories and fast-check arbitraries shared by the routing tests (not used by the app). */
import fc from "fast-check";
import {
  DEFAULT_ROUTING_PARAMS,
  type CandidateInput,
  type HistoryCounts,
  type LeadInput,
  type RoutingParams,
  type RoutingSettings,
  type RoutingState,
} from "./types.js";

export const NOW = new Date("2026-06-15T12:00:00Z");

export const LEAD: LeadInput = {
  id: 7,
  ref: "L-7",
  product: "GTX Pro",
  segment: "SMB",
  region: "EMEA",
  language: "en",
  sizeBand: null,
};

export function rep(id: number, overrides: Partial<CandidateInput> = {}): CandidateInput {
  return {
    id,
    name: `Rep ${id}`,
    role: "rep",
    active: true,
    outOfOfficeFrom: null,
    outOfOfficeTo: null,
    regions: [],
    segments: [],
    products: [],
    languages: [],
    capacity: null,
    openLeads: 0,
    leadsLast30Days: 0,
    history: { winsSimilar: 0, closedSimilar: 0, winsAll: 0, closedAll: 0 },
    proactiveActivity: {},
    ...overrides,
  };
}

export function settings(params: Partial<RoutingParams> = {}, policy: RoutingSettings["policy"] = "equilibrium"): RoutingSettings {
  return { policy, version: 1, params: { ...DEFAULT_ROUTING_PARAMS, ...params } };
}

export function state(overrides: Partial<RoutingState> = {}): RoutingState {
  return { now: NOW, teamHistory: { wins: 10, closed: 20 }, lastRotationAssigneeId: null, ...overrides };
}

/** Consistent counts: similar ⊆ all, wins ≤ closed. */
export const arbHistory: fc.Arbitrary<HistoryCounts> = fc
  .tuple(fc.nat(30), fc.nat(30), fc.nat(30), fc.nat(30))
  .map(([closedSimilar, ws, extraClosed, we]) => {
    const winsSimilar = Math.min(ws, closedSimilar);
    const winsExtra = Math.min(we, extraClosed);
    return {
      winsSimilar,
      closedSimilar,
      winsAll: winsSimilar + winsExtra,
      closedAll: closedSimilar + extraClosed,
    };
  });

export const arbActivity = fc.record(
  { call: fc.nat(40), email: fc.nat(40), meeting: fc.nat(8), "opportunity-created": fc.nat(4) },
  { requiredKeys: [] },
);

/** Ways to fail a constraint for LEAD at NOW, by name (so tests can read the reason). */
export const EXCLUSIONS = {
  inactive: { active: false },
  outOfOffice: { outOfOfficeFrom: new Date("2026-06-01T00:00:00Z"), outOfOfficeTo: new Date("2026-07-01T00:00:00Z") },
  region: { regions: ["NA"] },
  language: { languages: ["de", "fr"] },
  capacity: { capacity: 3, openLeads: 3 },
} satisfies Record<string, Partial<CandidateInput>>;
export type ExclusionName = keyof typeof EXCLUSIONS;
export const arbExclusion = fc.constantFrom(...(Object.keys(EXCLUSIONS) as ExclusionName[]));

export function arbRep(id: number, options: { excludable?: boolean } = {}): fc.Arbitrary<CandidateInput> {
  return fc
    .record({
      history: arbHistory,
      proactiveActivity: arbActivity,
      leadsLast30Days: fc.nat(3),
      exclusion: options.excludable ? fc.option(arbExclusion, { freq: 4 }) : fc.constant(null),
    })
    .map(({ exclusion, ...rest }) => rep(id, { ...rest, ...(exclusion ? EXCLUSIONS[exclusion] : {}) }));
}

/** A team of 1–8 reps with distinct ids, some possibly excluded. */
export function arbTeam(options: { excludable?: boolean; minLength?: number } = {}): fc.Arbitrary<CandidateInput[]> {
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: options.minLength ?? 1, maxLength: 8 })
    .chain((ids) => fc.tuple(...ids.map((id) => arbRep(id, options))));
}

export const arbParams: fc.Arbitrary<RoutingParams> = fc
  .record({
    meritWeight: fc.constantFrom(0.5, 0.25, 0.7, 0.9),
    smoothingK: fc.constantFrom(5, 1, 10),
    activityTarget: fc.option(fc.integer({ min: 0, max: 80 }), { freq: 2 }),
  })
  .map((p) => ({ ...DEFAULT_ROUTING_PARAMS, ...p }));

export const arbTeamHistory = fc
  .tuple(fc.nat(100), fc.nat(100))
  .map(([a, b]) => ({ wins: Math.min(a, b), closed: Math.max(a, b) }));
