/**
 * Reference lookups (rep name → id, stage name → id, …), loaded once per import into maps so
 * no row costs a query.
 */
import { sql } from "drizzle-orm";
import { query, type Db } from "../store/db.js";

export interface StageRef {
  id: number;
  name: string;
  closes: "won" | "lost" | null;
}

export type RefKind = "users" | "teams" | "products" | "accounts" | "stages" | "opportunities" | "leads";

export interface Refs {
  users: Map<string, number>;
  teams: Map<string, number>;
  products: Map<string, number>;
  accounts: Map<string, number>;
  /** Keyed by lower-cased name: stages match case-insensitively. */
  stages: Map<string, StageRef>;
  /** Stage names in pipeline order, for "known stages" messages. */
  stageNames: string[];
  opportunities: Map<string, number>;
  leads: Map<string, number>;
}

async function nameMap(db: Db, statement: ReturnType<typeof sql>): Promise<Map<string, number>> {
  const rows = await query<{ k: string; id: string | number }>(db, statement);
  return new Map(rows.map((r) => [r.k, Number(r.id)]));
}

/** Loads the maps named in `kinds`; the others stay empty. */
export async function loadRefs(db: Db, kinds: readonly RefKind[]): Promise<Refs> {
  const want = new Set(kinds);
  const empty = () => new Map<string, number>();
  const refs: Refs = {
    users: want.has("users") ? await nameMap(db, sql`select name as k, id from users`) : empty(),
    teams: want.has("teams") ? await nameMap(db, sql`select name as k, id from teams`) : empty(),
    products: want.has("products") ? await nameMap(db, sql`select name as k, id from products`) : empty(),
    accounts: want.has("accounts") ? await nameMap(db, sql`select name as k, id from accounts`) : empty(),
    opportunities: want.has("opportunities")
      ? await nameMap(db, sql`select external_id as k, id::text as id from opportunities`)
      : empty(),
    leads: want.has("leads") ? await nameMap(db, sql`select external_id as k, id::text as id from leads`) : empty(),
    stages: new Map(),
    stageNames: [],
  };
  if (want.has("stages")) {
    const rows = await query<{ id: number; name: string; closes: "won" | "lost" | null }>(
      db,
      sql`select id, name, closes from stages order by position`,
    );
    for (const s of rows) refs.stages.set(s.name.toLowerCase(), { id: Number(s.id), name: s.name, closes: s.closes });
    refs.stageNames = rows.map((s) => s.name);
  }
  return refs;
}
