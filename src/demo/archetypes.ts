/**
 * Rep archetypes: ability (A/B/C, D2) crossed with style (hunter or reactive account
 * manager, D1). Ability drives win rate, deal size, follow-up discipline and early-stage
 * hygiene; style drives how much of the work is proactive and how many opportunities a rep
 * creates. The numbers are the generator's knobs, kept together so they can be read at once.
 */
export const ABILITIES = ["A", "B", "C"] as const;
export type Ability = (typeof ABILITIES)[number];
export const STYLES = ["hunter", "account-manager"] as const;
export type Style = (typeof STYLES)[number];

export interface Archetype {
  ability: Ability;
  style: Style;
}

/**
 * The archetype of the i-th rep: every run of six holds both styles and all three abilities
 * (A hunter, B account manager, C hunter, B hunter, C account manager, A account manager),
 * so a six-rep team, or any six-rep demo, is a realistic mix.
 */
export function archetypeFor(index: number): Archetype {
  const cycle: readonly Archetype[] = [
    { ability: "A", style: "hunter" },
    { ability: "B", style: "account-manager" },
    { ability: "C", style: "hunter" },
    { ability: "B", style: "hunter" },
    { ability: "C", style: "account-manager" },
    { ability: "A", style: "account-manager" },
  ];
  return cycle[index % cycle.length] as Archetype;
}

export interface AbilityParams {
  winRate: number;
  dealMultiplier: number;
  /** Share of meetings followed by a written follow-up (D6.4) … */
  followUpRate: number;
  /** … and the share of those sent within 24 hours. */
  fastFollowUpShare: number;
  /** Open deals with a next step / a mutual action plan / large deals with a strategy (D3). */
  nextStepRate: number;
  mutualActionPlanRate: number;
  strategyRate: number;
  /** Deals discounted (maverick discounting, D3). */
  discountRate: number;
  /** Open deals stuck early in the cycle. */
  stallRate: number;
  /** Shorter or longer sales cycles than the product's norm. */
  cycleMultiplier: number;
  /** Quota attainment the demo is sized for. */
  targetAttainment: number;
}

export const ABILITY_PARAMS: Readonly<Record<Ability, AbilityParams>> = {
  A: {
    winRate: 0.46,
    dealMultiplier: 1.3,
    followUpRate: 0.92,
    fastFollowUpShare: 0.9,
    nextStepRate: 0.92,
    mutualActionPlanRate: 0.7,
    strategyRate: 0.95,
    discountRate: 0.03,
    stallRate: 0.05,
    cycleMultiplier: 0.85,
    targetAttainment: 1.1,
  },
  B: {
    winRate: 0.3,
    dealMultiplier: 1.0,
    followUpRate: 0.6,
    fastFollowUpShare: 0.45,
    nextStepRate: 0.65,
    mutualActionPlanRate: 0.35,
    strategyRate: 0.75,
    discountRate: 0.08,
    stallRate: 0.15,
    cycleMultiplier: 1.0,
    targetAttainment: 0.85,
  },
  C: {
    winRate: 0.17,
    dealMultiplier: 0.8,
    followUpRate: 0.3,
    fastFollowUpShare: 0.1,
    nextStepRate: 0.35,
    mutualActionPlanRate: 0.12,
    strategyRate: 0.45,
    discountRate: 0.16,
    stallRate: 0.3,
    cycleMultiplier: 1.2,
    targetAttainment: 0.55,
  },
};

export interface StyleParams {
  opportunitiesPerMonth: number;
  /** Probability that a call, email, meeting or visit is outbound (proactive). */
  proactiveShare: number;
  /** Relative daily activity volume before normalisation to the demo's total. */
  activityWeight: number;
  dealMultiplier: number;
  /** Mix of the day-to-day activities (opportunity events come on top). */
  mix: Readonly<Record<"call" | "email" | "meeting" | "visit" | "next-step", number>>;
  /** Accounts in the rep's book (account managers) or prospect list (hunters). */
  bookSize: number;
}

export const STYLE_PARAMS: Readonly<Record<Style, StyleParams>> = {
  hunter: {
    opportunitiesPerMonth: 13,
    proactiveShare: 0.8,
    activityWeight: 1.15,
    dealMultiplier: 1.0,
    mix: { call: 42, email: 30, meeting: 11, visit: 8, "next-step": 4 },
    bookSize: 30,
  },
  "account-manager": {
    opportunitiesPerMonth: 5,
    proactiveShare: 0.2,
    activityWeight: 0.85,
    dealMultiplier: 1.35,
    mix: { call: 26, email: 48, meeting: 12, visit: 5, "next-step": 6 },
    bookSize: 12,
  },
};

/** A players work more, C players less: the volume side of D7's top-quartile finding. */
export const ABILITY_ACTIVITY_WEIGHT: Readonly<Record<Ability, number>> = { A: 1.15, B: 1.0, C: 0.85 };
