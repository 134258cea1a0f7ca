/**
 * The stored form of a decision's explanation: `packExplanation` writes it in MessagePack
 * (`routing_decisions.explanation_packed`); rows written before hold JSON (`explanation`).
 *
 * Format 4, what decisions store now, is columnar: each candidate is an array of its values in
 * the order of `ROW_COLUMNS` (named once per decision, in `columns`), and its five doubles
 * (`DOUBLE_COLUMNS`: pR, m, M, A, S) are not stored, because they follow from the rest by the
 * formulas that made them (`derivedDoubles`): pR and m from the counts, k and p_team, M from m and
 * the eligible reps' largest m, A from a and T, S from M, A and w. The encoder derives them and
 * compares them with the decided ones bit for bit; only when all match does it write format 4,
 * otherwise format 3. Those formulas must therefore never change for format 4: a new formula
 * needs a new format (stored.test.ts decodes a stored value with numbers worked out by hand).
 * The doubles were half the bytes at 1,000 reps.
 *
 * Format 3 is format 4 plus the doubles, as one base64 text of IEEE 754 bytes, column after
 * column (`doubles`; printing a double in full takes ~17 characters, its 8 bytes 10.7 in base64).
 * Older rows hold format 2 (the same, with the doubles among each candidate's values in the order
 * of `CANDIDATE_COLUMNS`) or format 1 (the `DecisionExplanation` object itself). In every format
 * the winner and runner-up are the index of their candidate (format 1: the candidate), every
 * value is the one decided, bit for bit (a −0 stays −0 from format 3 on, which JSON cannot say),
 * and names are stored, so a stored decision stays self-contained.
 *
 * Nothing reads the stored form but `decodeExplanation`, which turns any format into the same
 * `DecisionExplanation` (whose own `format` stays 1: the explanation did not change, only how it
 * is stored). Buffer (Node's) does the base64: the stored form is only written and read on the server.
 */
import { decode as unpack, Encoder } from "@msgpack/msgpack";
import { z } from "zod";
import { activityScore } from "./activity.js";
import { merit, relativeMerit } from "./merit.js";
import { equilibriumScore } from "./score.js";
import { candidateExplanationSchema, decisionExplanationSchema, type CandidateExplanation, type DecisionExplanation } from "./types.js";

/** The candidate fields in the order format 2 stores their values. Never reorder: add a format. */
export const CANDIDATE_COLUMNS = [
  "id",
  "name",
  "rank",
  "excluded",
  "pR",
  "m",
  "M",
  "a",
  "A",
  "S",
  "pointsRank",
  "winsSimilar",
  "closedSimilar",
  "winsAll",
  "closedAll",
  "leadsLast30Days",
  "openLeads",
] as const satisfies readonly (keyof CandidateExplanation)[];

type Columns = typeof CANDIDATE_COLUMNS;
type ValuesOf<K extends readonly (keyof CandidateExplanation)[]> = { -readonly [I in keyof K]: CandidateExplanation[K[I] & keyof CandidateExplanation] };
/** One candidate as stored: its values in column order. */
export type CandidateRow = ValuesOf<Columns>;

// Every field of a candidate has a column (a compile error names the one missing).
const everyFieldHasAColumn: Record<Exclude<keyof CandidateExplanation, Columns[number]>, never> = {};
void everyFieldHasAColumn;

/*
 * rowOf and candidateOf spell the columns out, in CANDIDATE_COLUMNS order: literals are what
 * makes them cheap (at 1,000 reps, rows built by mapping over the names took 1.1 ms to build
 * and stringify instead of 0.7, and objects built so 1.7× as long to validate). The tests in
 * stored.test.ts hold them to CANDIDATE_COLUMNS.
 */
function rowOf(c: CandidateExplanation): CandidateRow {
  return [c.id, c.name, c.rank, c.excluded, c.pR, c.m, c.M, c.a, c.A, c.S, c.pointsRank, c.winsSimilar, c.closedSimilar, c.winsAll, c.closedAll, c.leadsLast30Days, c.openLeads];
}

function candidateOf(r: readonly unknown[]): Record<Columns[number], unknown> {
  return { id: r[0], name: r[1], rank: r[2], excluded: r[3], pR: r[4], m: r[5], M: r[6], a: r[7], A: r[8], S: r[9], pointsRank: r[10], winsSimilar: r[11], closedSimilar: r[12], winsAll: r[13], closedAll: r[14], leadsLast30Days: r[15], openLeads: r[16] };
}

/**
 * A stored row of `columns.length` values: its values are checked by `decodeExplanation`, as the
 * candidate they read as (the checks of a format-1 candidate, and a bad value is named by its
 * field). A zod pipe per row did the same in 1.6 ms at 1,000 reps instead of 0.3.
 */
const rowSchemaOf = (columns: readonly string[]) =>
  z.custom<readonly unknown[]>((r) => Array.isArray(r) && r.length === columns.length, `a candidate row has ${columns.length} values`);
const candidateRowSchema = rowSchemaOf(CANDIDATE_COLUMNS);
const candidatesSchema = z.array(candidateExplanationSchema);

/** The winner or runner-up: the index of its candidate, or its own row if it is none of them. */
const candidateRefSchema = z.union([z.number().int().min(0), candidateRowSchema]).nullable();
type StoredRef = z.infer<typeof candidateRefSchema>;

/** The candidate fields that are doubles: format 3 stores them column after column in this order, format 4 derives them. */
export const DOUBLE_COLUMNS = ["pR", "m", "M", "A", "S"] as const satisfies readonly (keyof CandidateExplanation)[];
/** Formats 3 and 4: the other candidate fields, in the order each candidate's row holds them. */
export const ROW_COLUMNS = [
  "id",
  "name",
  "rank",
  "excluded",
  "a",
  "pointsRank",
  "winsSimilar",
  "closedSimilar",
  "winsAll",
  "closedAll",
  "leadsLast30Days",
  "openLeads",
] as const satisfies readonly (keyof CandidateExplanation)[];

// Every field of a candidate is stored once in format 3: a row value or a double (a compile error names the one missing).
const everyFieldStoredOnce: Record<Exclude<keyof CandidateExplanation, (typeof ROW_COLUMNS)[number] | (typeof DOUBLE_COLUMNS)[number]>, never> = {};
void everyFieldStoredOnce;

/** One candidate's row in formats 3 and 4. */
export type CandidateRow3 = ValuesOf<typeof ROW_COLUMNS>;

/** Literal, like rowOf and candidateOf (held to ROW_COLUMNS by stored.test.ts). */
function row3Of(c: CandidateExplanation): CandidateRow3 {
  return [c.id, c.name, c.rank, c.excluded, c.a, c.pointsRank, c.winsSimilar, c.closedSimilar, c.winsAll, c.closedAll, c.leadsLast30Days, c.openLeads];
}

/** Bytes of a double. */
const BYTES = 8;
const DOUBLES = DOUBLE_COLUMNS.length;

/** The doubles of `candidates`, column after column (pR of every candidate, then m, …); a null as NaN. */
function doublesOf(candidates: readonly CandidateExplanation[]): Float64Array {
  const n = candidates.length;
  const out = new Float64Array(n * DOUBLES);
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    out[i] = c.pR ?? NaN;
    out[n + i] = c.m ?? NaN;
    out[2 * n + i] = c.M ?? NaN;
    out[3 * n + i] = c.A ?? NaN;
    out[4 * n + i] = c.S ?? NaN;
  }
  return out;
}

/**
 * Format 3's text of the doubles: little-endian IEEE 754 bytes in base64. A null is stored as
 * NaN, which no candidate's number can be (the schema refuses it).
 */
function base64Of(doubles: Float64Array): string {
  const bytes = Buffer.allocUnsafe(doubles.length * BYTES);
  for (let i = 0; i < doubles.length; i++) bytes.writeDoubleLE(doubles[i]!, i * BYTES);
  return bytes.toString("base64");
}

/** What the doubles of a candidate follow from. */
type DoublesInput = Pick<CandidateExplanation, "excluded" | "a" | "winsSimilar" | "closedSimilar" | "winsAll" | "closedAll">;
/** The explanation's fields they follow from. */
type DoublesBasis = Pick<DecisionExplanation, "policy" | "params" | "team" | "T">;

/**
 * The doubles of every candidate as `routeLead` computes them (policies.ts), laid out as
 * `doublesOf`: pR and m for every rep under equilibrium and top-performer (merit.ts); M for the
 * eligible ones against their largest m; A and S for them under equilibrium (activity.ts,
 * score.ts); none under milk-round. Format 4 relies on these never changing (module comment).
 */
function derivedDoubles(e: DoublesBasis, candidates: readonly DoublesInput[]): Float64Array {
  const n = candidates.length;
  const out = new Float64Array(n * DOUBLES).fill(NaN);
  const pTeam = e.team.pTeam;
  if (e.policy === "milk-round" || pTeam === null) return out;
  let maxM = 0;
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    const { pR, m } = merit(c, e.params.smoothingK, pTeam);
    out[i] = pR;
    out[n + i] = m;
    if (c.excluded === null) maxM = Math.max(maxM, m);
  }
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    if (c.excluded !== null) continue;
    const M = relativeMerit(out[n + i]!, maxM);
    out[2 * n + i] = M;
    if (e.policy !== "equilibrium" || e.T === null || c.a === null) continue;
    const A = activityScore(c.a, e.T);
    out[3 * n + i] = A;
    out[4 * n + i] = equilibriumScore(M, A, e.params.meritWeight);
  }
  return out;
}

/** The same doubles, bit for bit (Object.is: NaN is NaN, −0 is not 0). */
function sameDoubles(x: Float64Array, y: Float64Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/** Double `column` of candidate `i` of `n` (NaN, a null, back to null). */
function doubleAt(doubles: Float64Array, column: number, n: number, i: number): number | null {
  const x = doubles[column * n + i]!;
  return Number.isNaN(x) ? null : x;
}

/** Format 3's doubles text back as doubles. */
function doublesFrom(base64: string): Float64Array {
  const bytes = Buffer.from(base64, "base64");
  const out = new Float64Array(bytes.length / BYTES);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readDoubleLE(i * BYTES);
  return out;
}

function candidate3Of(r: readonly unknown[], doubles: Float64Array, n: number, i: number): Record<keyof CandidateExplanation, unknown> {
  return {
    id: r[0], name: r[1], rank: r[2], excluded: r[3], pR: doubleAt(doubles, 0, n, i), m: doubleAt(doubles, 1, n, i), M: doubleAt(doubles, 2, n, i), a: r[4],
    A: doubleAt(doubles, 3, n, i), S: doubleAt(doubles, 4, n, i), pointsRank: r[5], winsSimilar: r[6], closedSimilar: r[7], winsAll: r[8], closedAll: r[9],
    leadsLast30Days: r[10], openLeads: r[11],
  };
}

const row3Schema = rowSchemaOf(ROW_COLUMNS);

/** Formats 3 and 4 alike: the head, the winner and runner-up as indexes, the rows. */
const rowColumnsShape = decisionExplanationSchema.omit({ format: true, winner: true, runnerUp: true, candidates: true }).extend({
  /** The index of the candidate, or the candidate itself when it is none of them. */
  winner: z.union([z.number().int().min(0), candidateExplanationSchema]).nullable(),
  runnerUp: z.union([z.number().int().min(0), candidateExplanationSchema]).nullable(),
  columns: z.array(z.string()).refine((names) => names.join() === ROW_COLUMNS.join(), "unknown candidate columns"),
  candidates: z.array(row3Schema),
});
const refsInRange = (s: { winner: unknown; runnerUp: unknown; candidates: unknown[] }) =>
  [s.winner, s.runnerUp].every((ref) => typeof ref !== "number" || ref < s.candidates.length);

/** Format 4, the stored form (values are checked when read, as the candidates they make). */
export const derivedDoublesExplanationSchema = rowColumnsShape
  .extend({ format: z.literal(4) })
  .refine(refsInRange, "winner or runner-up index out of range");
/** What `encodeExplanation` writes when the doubles follow from the rest: format 4. */
export type DerivedDoublesExplanation = Omit<z.input<typeof derivedDoublesExplanationSchema>, "candidates"> & { candidates: CandidateRow3[] };

/** Format 3, the stored form of format 4 with the doubles. */
export const binaryColumnsExplanationSchema = rowColumnsShape
  .extend({
    format: z.literal(3),
    doubleColumns: z.array(z.string()).refine((names) => names.join() === DOUBLE_COLUMNS.join(), "unknown double columns"),
    doubles: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "doubles are base64"),
  })
  .refine(refsInRange, "winner or runner-up index out of range")
  .refine((s) => Buffer.byteLength(s.doubles, "base64") === s.candidates.length * DOUBLES * BYTES, {
    message: `doubles hold ${DOUBLES} per candidate`,
    path: ["doubles"],
  });
/** What `encodeExplanation` writes when they do not (and `encodeFormat3` always): format 3. */
export type BinaryColumnsExplanation = Omit<z.input<typeof binaryColumnsExplanationSchema>, "candidates"> & { candidates: CandidateRow3[] };

/** Format 2, the stored form of older rows (the rows' values are checked when read, see candidateRowSchema). */
export const columnarExplanationSchema = decisionExplanationSchema
  .omit({ format: true, winner: true, runnerUp: true, candidates: true })
  .extend({
    format: z.literal(2),
    winner: candidateRefSchema,
    runnerUp: candidateRefSchema,
    columns: z.array(z.string()).refine((names) => names.join() === CANDIDATE_COLUMNS.join(), "unknown candidate columns"),
    candidates: z.array(candidateRowSchema),
  })
  .refine((s) => [s.winner, s.runnerUp].every((ref) => typeof ref !== "number" || ref < s.candidates.length), "winner or runner-up index out of range");
/** Format 2 with typed rows (what `encodeFormat2` writes). */
export type ColumnarExplanation = Omit<z.input<typeof columnarExplanationSchema>, "winner" | "runnerUp" | "candidates"> & {
  winner: number | CandidateRow | null;
  runnerUp: number | CandidateRow | null;
  candidates: CandidateRow[];
};

/** What `routing_decisions.explanation` may hold: format 1, 2, 3 or 4. */
export const storedExplanationSchema = z.discriminatedUnion("format", [
  decisionExplanationSchema,
  columnarExplanationSchema,
  binaryColumnsExplanationSchema,
  derivedDoublesExplanationSchema,
]);

/** The same value in every field (Object.is: a −0 is not a 0), so an index can stand for it. */
function sameCandidate(x: CandidateExplanation, y: CandidateExplanation | undefined): boolean {
  return y !== undefined && CANDIDATE_COLUMNS.every((key) => Object.is(x[key], y[key]));
}

/** The index of the candidate `c` is, or -1. */
function indexOf(c: CandidateExplanation, candidates: readonly CandidateExplanation[]): number {
  const i = candidates.findIndex((x) => x.id === c.id);
  return sameCandidate(c, candidates[i]) ? i : -1;
}

function refOf(c: CandidateExplanation | null, candidates: readonly CandidateExplanation[]): number | CandidateRow | null {
  if (c === null) return null;
  const i = indexOf(c, candidates);
  return i >= 0 ? i : rowOf(c);
}

function ref3Of(c: CandidateExplanation | null, candidates: readonly CandidateExplanation[]): number | CandidateExplanation | null {
  if (c === null) return null;
  const i = indexOf(c, candidates);
  return i >= 0 ? i : { ...c };
}

/** A copy, not the candidate's own object: like `routeLead`'s, the explanation has no aliasing. */
function candidateAt(ref: StoredRef | CandidateExplanation, candidates: readonly CandidateExplanation[]): CandidateExplanation | null {
  if (ref === null) return null;
  if (typeof ref === "number") return { ...candidates[ref]! };
  return Array.isArray(ref) ? candidateExplanationSchema.parse(candidateOf(ref)) : { ...(ref as CandidateExplanation) };
}

/** The explanation's own fields before its winner, stored alike in every format (in this order). */
type Head = Pick<DecisionExplanation, "policy" | "settingsVersion" | "decidedAt" | "lead" | "params" | "similarity" | "team" | "T" | "targetSource" | "eligibleCount">;
function headOf(e: Head): Head {
  return {
    policy: e.policy,
    settingsVersion: e.settingsVersion,
    decidedAt: e.decidedAt,
    lead: e.lead,
    params: e.params,
    similarity: e.similarity,
    team: e.team,
    T: e.T,
    targetSource: e.targetSource,
    eligibleCount: e.eligibleCount,
  };
}

/** Format 4's fields of `e`: all but the doubles. */
function rowColumnsOf(e: DecisionExplanation) {
  return {
    ...headOf(e),
    winner: ref3Of(e.winner, e.candidates),
    runnerUp: ref3Of(e.runnerUp, e.candidates),
    margin: e.margin,
    previousRotationAssigneeId: e.previousRotationAssigneeId,
    columns: [...ROW_COLUMNS],
    candidates: e.candidates.map(row3Of),
  };
}

/**
 * The stored form of `e`: format 4 when every candidate's doubles are the ones their other
 * values give (any explanation `routeLead` writes), format 3 otherwise.
 */
export function encodeExplanation(e: DecisionExplanation): DerivedDoublesExplanation | BinaryColumnsExplanation {
  const doubles = doublesOf(e.candidates);
  return sameDoubles(doubles, derivedDoubles(e, e.candidates)) ? { format: 4, ...rowColumnsOf(e) } : format3Of(e, doubles);
}

function format3Of(e: DecisionExplanation, doubles: Float64Array): BinaryColumnsExplanation {
  return { format: 3, ...rowColumnsOf(e), doubleColumns: [...DOUBLE_COLUMNS], doubles: base64Of(doubles) };
}

/** Format 3 whatever the doubles (kept so tests and the bench can write it). */
export function encodeFormat3(e: DecisionExplanation): BinaryColumnsExplanation {
  return format3Of(e, doublesOf(e.candidates));
}

/** Format 2, what decisions stored before format 3 (kept so tests and the bench can write it). */
export function encodeFormat2(e: DecisionExplanation): ColumnarExplanation {
  return {
    format: 2,
    ...headOf(e),
    winner: refOf(e.winner, e.candidates),
    runnerUp: refOf(e.runnerUp, e.candidates),
    margin: e.margin,
    previousRotationAssigneeId: e.previousRotationAssigneeId,
    columns: [...CANDIDATE_COLUMNS],
    candidates: e.candidates.map(rowOf),
  };
}

/** The JSON text of `e`'s stored form (format 4, or 3: see `encodeExplanation`), as rows before the packed form held. */
export function storedExplanationJson(e: DecisionExplanation): string {
  return JSON.stringify(encodeExplanation(e));
}

/*
 * One encoder for every call: its buffer is kept and grown, not allocated per decision.
 * `ignoreUndefined` drops undefined fields (an explanation has none), as JSON does.
 */
const packer = new Encoder({ ignoreUndefined: true });

/**
 * What decisions store (`routing_decisions.explanation_packed`): `encodeExplanation(e)` in
 * MessagePack (msgpack.org), read back by `decodeExplanation`. At 1,000 reps it is 30 KB
 * instead of the JSON's 50 KB, and takes less time to write (docs/PERFORMANCE.md). A copy: the
 * encoder's buffer is reused.
 */
export function packExplanation(e: DecisionExplanation): Uint8Array {
  return packer.encode(encodeExplanation(e)).slice();
}

/**
 * The explanation in a stored value of any format: JSON as the drivers give `json` (parsed), or
 * the packed bytes; throws if it is none.
 */
export function decodeExplanation(stored: unknown): DecisionExplanation {
  const s = storedExplanationSchema.parse(stored instanceof Uint8Array ? unpack(stored) : stored);
  if (s.format === 1) return s;
  let candidates: CandidateExplanation[];
  if (s.format === 3 || s.format === 4) {
    const n = s.candidates.length;
    let doubles: Float64Array;
    if (s.format === 3) doubles = doublesFrom(s.doubles);
    else {
      // Unchecked values give wrong doubles, but the candidates they are in fail their schema below (naming the value).
      const inputs = s.candidates.map((r) => ({ excluded: r[3], a: r[4], winsSimilar: r[6], closedSimilar: r[7], winsAll: r[8], closedAll: r[9] }) as DoublesInput);
      doubles = derivedDoubles(s, inputs);
    }
    candidates = candidatesSchema.parse(s.candidates.map((r, i) => candidate3Of(r, doubles, n, i)));
  } else {
    candidates = candidatesSchema.parse(s.candidates.map(candidateOf));
  }
  return {
    format: 1,
    ...headOf(s),
    winner: candidateAt(s.winner, candidates),
    runnerUp: candidateAt(s.runnerUp, candidates),
    margin: s.margin,
    previousRotationAssigneeId: s.previousRotationAssigneeId,
    candidates,
  };
}
