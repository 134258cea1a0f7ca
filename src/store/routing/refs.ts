/**
 * Resolving a posted or imported lead's names (team, product, account) to ids, for many
 * leads at once (one query per kind). Unknown names are field errors, never created: a lead
 * for a team nobody works in cannot be routed.
 */
import { query, sql, type Db } from "../db.js";
import type { NewLead } from "./route.js";

export interface LeadDraft {
  externalId: string;
  arrivedAt: Date;
  team?: string | null;
  teamId?: number | null;
  product?: string | null;
  segment?: string | null;
  region?: string | null;
  language?: string | null;
  account?: string | null;
  source?: string | null;
  valueCents?: number | null;
}

export class LeadRefError extends Error {
  constructor(readonly issues: { index: number; field: string; reason: string }[]) {
    super(issues.map((i) => `${i.field}: ${i.reason}`).join("; "));
  }
}

async function names(db: Db, table: "teams" | "products" | "accounts", wanted: string[]): Promise<Map<string, number>> {
  if (wanted.length === 0) return new Map();
  const list = `{${wanted.map((n) => `"${n.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  const rows = await query<{ name: string; id: number }>(db, sql`select name, id from ${sql.identifier(table)} where name = any(${list}::text[])`);
  return new Map(rows.map((r) => [r.name, Number(r.id)]));
}

/** Each draft as a NewLead, or its problems as {index, field, reason}. */
export async function resolveLeadRefs(db: Db, drafts: readonly LeadDraft[]): Promise<(NewLead | { issues: { field: string; reason: string }[] })[]> {
  const distinct = (pick: (d: LeadDraft) => string | null | undefined) => [...new Set(drafts.map(pick).filter((v): v is string => !!v))];
  const [teams, products, accounts] = await Promise.all([
    names(db, "teams", distinct((d) => d.team)),
    names(db, "products", distinct((d) => d.product)),
    names(db, "accounts", distinct((d) => d.account)),
  ]);
  const teamIds = new Set(
    (await query<{ id: number }>(db, sql`select id from teams`)).map((r) => Number(r.id)),
  );
  return drafts.map((d) => {
    const issues: { field: string; reason: string }[] = [];
    let teamId: number | null = null;
    if (d.teamId != null) {
      if (!teamIds.has(d.teamId)) issues.push({ field: "teamId", reason: `unknown team id ${d.teamId}` });
      else teamId = d.teamId;
      if (d.team && teams.get(d.team) !== d.teamId) issues.push({ field: "team", reason: `team "${d.team}" is not team ${d.teamId}` });
    } else if (d.team) {
      const id = teams.get(d.team);
      if (id === undefined) issues.push({ field: "team", reason: `unknown team "${d.team}"` });
      else teamId = id;
    }
    const productId = d.product ? products.get(d.product) : null;
    if (productId === undefined) issues.push({ field: "product", reason: `unknown product "${d.product}"` });
    const accountId = d.account ? accounts.get(d.account) : null;
    if (accountId === undefined) issues.push({ field: "account", reason: `unknown account "${d.account}"` });
    if (issues.length) return { issues };
    return {
      externalId: d.externalId,
      arrivedAt: d.arrivedAt,
      teamId,
      productId: productId ?? null,
      product: d.product ?? null,
      segment: d.segment ?? null,
      region: d.region ?? null,
      language: d.language ?? null,
      accountId: accountId ?? null,
      source: d.source ?? null,
      valueCents: d.valueCents ?? null,
    };
  });
}
