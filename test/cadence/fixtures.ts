/** Deals for the cadence tests, inserted directly (values in cents as stored). */
import type { Db } from "../../src/store/db.js";
import { opportunities, stages } from "../../src/store/schema.js";

export interface CadenceOpp {
  externalId: string;
  ownerId: number;
  stage: string;
  valueCents?: number | null;
  createdOn: string;
  discountPct?: number | null;
  nextStep?: string | null;
  mutualActionPlan?: string | null;
  strategy?: string | null;
}

export async function addCadenceOpps(db: Db, opps: CadenceOpp[]): Promise<Map<string, number>> {
  const stageRows = await db.select().from(stages);
  const rows = await db
    .insert(opportunities)
    .values(
      opps.map((o) => ({
        externalId: o.externalId,
        ownerId: o.ownerId,
        stageId: stageRows.find((s) => s.name === o.stage)!.id,
        outcome: "open" as const,
        valueCents: o.valueCents ?? null,
        createdOn: new Date(o.createdOn),
        stageChangedAt: new Date(o.createdOn),
        discountPct: o.discountPct ?? null,
        nextStep: o.nextStep ?? null,
        mutualActionPlan: o.mutualActionPlan ?? null,
        strategy: o.strategy ?? null,
      })),
    )
    .returning({ id: opportunities.id, externalId: opportunities.externalId });
  return new Map(rows.map((r) => [r.externalId, r.id]));
}
