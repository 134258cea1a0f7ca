/**
 * Hand-made histories for the targets tests, inserted directly (values in major units here,
 * cents in the store). `funnel` reproduces the worked example of docs/TARGETS.md once the
 * Proposal stage is pinned at 50%: quota 120,000, won 30,000, expected 20,000, win rate 25%,
 * average won deal 10,000 → 28 new opportunities.
 */
import type { OpportunityFacts } from "../../src/domain/targets/history.js";
import type { Db } from "../../src/store/db.js";
import { opportunities, quotas, stages, teams, users } from "../../src/store/schema.js";
import { testPasswordHash } from "../api/fixtures.js";

export const STAGE_ORDER = ["Prospecting", "Qualification", "Discovery", "Engaging", "Proposal", "Negotiation"];

export interface SeedOpp {
  externalId: string;
  stage: string;
  outcome: "open" | "won" | "lost";
  value: number | null;
  createdOn?: string;
  engagedAt?: string;
  closedAt?: string;
}

const d = (s: string | undefined) => (s ? new Date(s.length === 10 ? `${s}T00:00:00Z` : s) : null);

export async function addRep(db: Db, options: { name: string; team: string; parentId?: number | null; managerId?: number | null }) {
  const [team] = await db.insert(teams).values({ name: options.team, parentId: options.parentId ?? null, managerId: options.managerId ?? null }).returning();
  const [rep] = await db
    .insert(users)
    .values({ name: options.name, email: `${options.name}@example.test`, role: "rep", teamId: team!.id, passwordHash: await testPasswordHash() })
    .returning();
  return { teamId: team!.id, repId: rep!.id };
}

export async function addOpps(db: Db, ownerId: number, opps: SeedOpp[]): Promise<OpportunityFacts[]> {
  const stageRows = await db.select().from(stages);
  const stageId = (name: string) => stageRows.find((s) => s.name === name)!.id;
  const rows = await db
    .insert(opportunities)
    .values(
      opps.map((o) => ({
        externalId: o.externalId,
        ownerId,
        stageId: stageId(o.stage),
        outcome: o.outcome,
        valueCents: o.value === null ? null : Math.round(o.value * 100),
        createdOn: d(o.createdOn),
        engagedAt: d(o.engagedAt),
        closedAt: d(o.closedAt),
      })),
    )
    .returning();
  return rows.map((r, i) => ({
    id: r.id,
    ownerId,
    outcome: opps[i]!.outcome,
    stage: opps[i]!.stage,
    furthestStage: null,
    value: opps[i]!.value,
    cost: null,
    createdOn: d(opps[i]!.createdOn),
    engagedAt: d(opps[i]!.engagedAt),
    closedAt: d(opps[i]!.closedAt),
    accountId: null,
  }));
}

export async function addQuota(db: Db, repId: number, period: string, amount: number, start: string, end: string) {
  await db.insert(quotas).values({ repId, period, periodStart: start, periodEnd: end, amountCents: amount * 100 });
}

/** The worked example's history (as of 2017-08-15 in 2017-Q3). */
export function funnelOpps(prefix: string): SeedOpp[] {
  const won = ["2017-07-10", "2017-07-20", "2017-07-30"].map((closedAt, i) => ({
    externalId: `${prefix}-won-${i}`,
    stage: "Won",
    outcome: "won" as const,
    value: 10_000,
    engagedAt: "2017-05-01",
    closedAt,
  }));
  const lost = Array.from({ length: 9 }, (_, i) => ({
    externalId: `${prefix}-lost-${i}`,
    stage: "Lost",
    outcome: "lost" as const,
    value: 0,
    engagedAt: "2016-11-01",
    closedAt: `2017-0${1 + (i % 6)}-15`,
  }));
  const open = [0, 1].map((i) => ({
    externalId: `${prefix}-open-${i}`,
    stage: "Proposal",
    outcome: "open" as const,
    value: 20_000,
    createdOn: "2017-06-01",
    engagedAt: "2017-06-05",
  }));
  return [...won, ...lost, ...open];
}
