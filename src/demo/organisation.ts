/**
 * The demo company: regional offices over sales teams, a manager per team, reps with an
 * archetype and routing attributes, an admin; and the accounts they sell to.
 */
import { archetypeFor, type Archetype } from "./archetypes.js";
import {
  ACCOUNT_ENDINGS,
  ACCOUNT_FORMS,
  ACCOUNT_STEMS,
  FIRST_NAMES,
  LAST_NAMES,
  PRODUCT_SPECS,
  REGIONS,
  SECTORS,
  segmentForEmployees,
  type DemoRegion,
  type Segment,
} from "./catalog.js";
import { DAY } from "./calendar.js";
import type { Random } from "./random.js";
import type { DemoAccount, DemoTeam, DemoUser } from "./types.js";

export const COMPANY_NAME = "Proactive Demo Co";
export const DEMO_EMAIL_DOMAIN = "demo.proactive";
export const ADMIN_NAME = "Alex Admin";
export const ADMIN_EMAIL = `admin@${DEMO_EMAIL_DOMAIN}`;

export interface DemoRep {
  index: number;
  user: DemoUser;
  archetype: Archetype;
  region: DemoRegion;
}

export interface Organisation {
  teams: DemoTeam[];
  users: DemoUser[];
  reps: DemoRep[];
}

export function defaultTeamCount(reps: number): number {
  return Math.max(3, Math.ceil(reps / 6));
}

function regionOfTeam(teamIndex: number): DemoRegion {
  return REGIONS[teamIndex % REGIONS.length] as DemoRegion;
}

function teamName(teamIndex: number): string {
  const region = regionOfTeam(teamIndex);
  const nth = Math.floor(teamIndex / REGIONS.length);
  return region.teamNames[nth] ?? `${region.name} ${nth + 1}`;
}

/** Unique "First Last" names, drawn without replacement (numbered once the pool runs out). */
function nameSource(rng: Random): () => { name: string; email: string } {
  const pool = rng.shuffle(FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => [first, last] as const)));
  let taken = 0;
  return () => {
    const [first, last] = pool[taken % pool.length] as readonly [string, string];
    const round = Math.floor(taken / pool.length);
    taken++;
    const suffix = round === 0 ? "" : String(round + 1);
    return {
      name: `${first} ${last}${suffix ? ` ${suffix}` : ""}`,
      email: `${first}.${last}${suffix}@${DEMO_EMAIL_DOMAIN}`.toLowerCase(),
    };
  };
}

function person(name: { name: string; email: string }, role: DemoUser["role"], team: string | null, manager: string | null): DemoUser {
  return {
    ...name,
    role,
    team,
    manager,
    archetype: null,
    regions: [],
    segments: [],
    products: [],
    languages: [],
    capacity: null,
    outOfOfficeFrom: null,
    outOfOfficeTo: null,
  };
}

function segmentsFor(archetype: Archetype): Segment[] {
  if (archetype.style === "hunter") return archetype.ability === "A" ? ["SMB", "Mid-Market", "Enterprise"] : ["SMB", "Mid-Market"];
  return archetype.ability === "C" ? ["SMB", "Mid-Market"] : ["Mid-Market", "Enterprise"];
}

export function buildOrganisation(options: { reps: number; teams: number; now: Date }, rng: Random): Organisation {
  const nextName = nameSource(rng);
  const teamNames = Array.from({ length: options.teams }, (_, t) => teamName(t));
  const usedRegions = REGIONS.filter((_, r) => r < options.teams);
  const teams: DemoTeam[] = [
    { name: COMPANY_NAME, kind: "company", parent: null, region: null, manager: null },
    ...usedRegions.map((region): DemoTeam => ({ name: `${region.name} Office`, kind: "office", parent: COMPANY_NAME, region: region.name, manager: null })),
  ];
  const users: DemoUser[] = [person({ name: ADMIN_NAME, email: ADMIN_EMAIL }, "admin", COMPANY_NAME, null)];
  const managers = teamNames.map((name, t) => {
    const manager = person(nextName(), "manager", name, null);
    const region = regionOfTeam(t);
    manager.regions = [region.name];
    manager.languages = ["en"];
    teams.push({ name, kind: "team", parent: `${region.name} Office`, region: region.name, manager: manager.name });
    users.push(manager);
    return manager;
  });

  const productNames = PRODUCT_SPECS.map((p) => p.name);
  const reps: DemoRep[] = [];
  // Contiguous blocks: a team of six or more gets a full run of the archetype cycle, and any
  // six consecutive reps of the organisation hold every archetype.
  const teamOf = (i: number) => Math.floor((i * options.teams) / options.reps);
  for (let i = 0; i < options.reps; i++) {
    const t = teamOf(i);
    const archetype = archetypeFor(i);
    const region = regionOfTeam(t);
    const user = person(nextName(), "rep", teamNames[t] as string, (managers[t] as DemoUser).name);
    user.archetype = archetype;
    user.regions = [region.name];
    user.segments = segmentsFor(archetype);
    user.products = rng.chance(0.25) ? productNames.filter((p) => p !== "GTK 500") : [...productNames];
    const second = rng.pick(region.languages.filter((l) => l !== "en"));
    user.languages = rng.chance(0.6) ? ["en", second] : ["en"];
    user.capacity = rng.chance(0.3) ? rng.int(8, 20) : null;
    users.push(user);
    reps.push({ index: i, user, archetype, region });
  }
  markOutOfOffice(reps, options.now, rng);
  return { teams, users, reps };
}

/** One rep away right now, and (in teams big enough) one leaving in a couple of days. */
function markOutOfOffice(reps: DemoRep[], now: Date, rng: Random): void {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const windows = [
    { from: today - 3 * DAY, to: today + 7 * DAY - 1 },
    { from: today + 2 * DAY, to: today + 12 * DAY - 1 },
  ].slice(0, reps.length >= 6 ? 2 : 1);
  const chosen = rng.shuffle(reps).slice(0, windows.length);
  chosen.forEach((rep, k) => {
    const window = windows[k]!;
    rep.user.outOfOfficeFrom = new Date(window.from);
    rep.user.outOfOfficeTo = new Date(window.to);
  });
}

export function accountCount(reps: number): number {
  return Math.max(30, Math.round((150 * reps) / 18));
}

function accountName(rng: Random, taken: Set<string>): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const stem = rng.pick(ACCOUNT_STEMS);
    const name = `${stem}${rng.pick(ACCOUNT_ENDINGS)}${rng.chance(0.4) ? rng.pick(ACCOUNT_FORMS) : ""}`;
    if (!taken.has(name)) return name;
  }
  return `${rng.pick(ACCOUNT_STEMS)}${rng.pick(ACCOUNT_ENDINGS)} ${taken.size + 1}`;
}

/** Accounts spread over regions in proportion to where the reps sit. */
export function buildAccounts(reps: readonly DemoRep[], rng: Random): DemoAccount[] {
  const taken = new Set<string>();
  const accounts: DemoAccount[] = [];
  const total = accountCount(reps.length);
  for (let k = 0; k < total; k++) {
    const region = (reps[k % reps.length] as DemoRep).region;
    const name = accountName(rng, taken);
    taken.add(name);
    const band = rng.weighted({ SMB: 45, "Mid-Market": 38, Enterprise: 17 });
    const [low, high] = band === "SMB" ? [10, 249] : band === "Mid-Market" ? [250, 2499] : [2500, 40_000];
    const employees = Math.round(Math.exp(rng.between(Math.log(low), Math.log(high + 1))));
    const city = rng.pick(region.cities);
    accounts.push({
      name,
      sector: rng.pick(SECTORS),
      employees: Math.min(employees, high),
      revenue: Math.round(Math.min(employees, high) * rng.between(0.08, 0.35) * 100) / 100,
      location: `${city.city}, ${city.country}`,
      yearEstablished: rng.int(1950, 2020),
      region: region.name,
      segment: segmentForEmployees(Math.min(employees, high)),
      latitude: city.latitude + rng.between(-0.12, 0.12),
      longitude: city.longitude + rng.between(-0.12, 0.12),
    });
  }
  return accounts;
}

/** The accounts a rep works: their own segments first, from their region. */
export function bookFor(rep: DemoRep, byRegion: ReadonlyMap<string, DemoAccount[]>, size: number, rng: Random): DemoAccount[] {
  const pool = byRegion.get(rep.region.name) ?? [];
  const fit = new Set(rep.user.segments);
  const shuffled = rng.shuffle(pool);
  const preferred = shuffled.filter((a) => fit.has(a.segment));
  const others = shuffled.filter((a) => !fit.has(a.segment));
  return [...preferred, ...others].slice(0, Math.max(1, size));
}
