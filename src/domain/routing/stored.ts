/**
 * The stored form of a decision's explanation (`routing_decisions.explanation`).
 *
 * Format 3, what decisions store now, is columnar and keeps the doubles binary: each candidate is
 * an array of its values in the order of `ROW_COLUMNS` (named once per decision, in `columns`),
 * except its five doubles (`DOUBLE_COLUMNS`: pR, m, M, A, S), which follow as one base64 text of
 * IEEE 754 bytes, column after column (`doubles`). The winner and runner-up are the index of
 * their candidate. Printing a double in full takes ~17 characters and most of the time it takes
 * to write the JSON; its 8 bytes take 10.7 in base64 and no time to encode. Every value is still
 * the one decided, bit for bit (a −0 stays −0, which JSON cannot say), names included, so the
 * stored decision stays self-contained.
 *
 * Older rows hold format 2 (the same, with the doubles among each candidate's values in the order
 * of `CANDIDATE_COLUMNS`) or format 1 (the `DecisionExplanation` object itself). Nothing reads
 * the stored form but `decodeExplanation`, which turns any format into the same
 * `DecisionExplanation` (whose own `format` stays 1: the explanation did not change, only how it
 * is stored). Buffer (Node's) does the base64: the stored form is only written and read on the server.
 */
import { z } from "zod";
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
 * A stored row: its values are checked by `decodeExplanation`, as the candidate they read as
 * (the checks of a format-1 candidate, and a bad value is named by its field). A zod pipe per
 * row did the same in 1.6 ms at 1,000 reps instead of 0.3.
 */
const candidateRowSchema = z.custom<readonly unknown[]>(
  (r) => Array.isArray(r) && r.length === CANDIDATE_COLUMNS.length,
  `a candidate row has ${CANDIDATE_COLUMNS.length} values`,
);
const candidatesSchema = z.array(candidateExplanationSchema);

/** The winner or runner-up: the index of its candidate, or its own row if it is none of them. */
const candidateRefSchema = z.union([z.number().int().min(0), candidateRowSchema]).nullable();
type StoredRef = z.infer<typeof candidateRefSchema>;

/** Format 3: the candidate fields stored as doubles, column after column, in this order. */
export const DOUBLE_COLUMNS = ["pR", "m", "M", "A", "S"] as const satisfies readonly (keyof CandidateExplanation)[];
/** Format 3: the other candidate fields, in the order each candidate's row holds them. */
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

// Every field of a candidate is stored once in format 3 (a compile error names the one missing).
const everyFieldStoredOnce: Record<Exclude<keyof CandidateExplanation, (typeof ROW_COLUMNS)[number] | (typeof DOUBLE_COLUMNS)[number]>, never> = {};
void everyFieldStoredOnce;

/** One candidate's row in format 3. */
export type CandidateRow3 = ValuesOf<typeof ROW_COLUMNS>;

/** Literal, like rowOf and candidateOf (held to ROW_COLUMNS by stored.test.ts). */
function row3Of(c: CandidateExplanation): CandidateRow3 {
  return [c.id, c.name, c.rank, c.excluded, c.a, c.pointsRank, c.winsSimilar, c.closedSimilar, c.winsAll, c.closedAll, c.leadsLast30Days, c.openLeads];
}

/** Bytes of a double. */
const BYTES = 8;

/**
 * The doubles of `candidates`, column after column, as base64. A null is stored as NaN, which
 * no candidate's number can be (the schema refuses it).
 */
function doublesOf(candidates: readonly CandidateExplanation[]): string {
  const n = candidates.length;
  const bytes = Buffer.allocUnsafe(n * DOUBLE_COLUMNS.length * BYTES);
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    bytes.writeDoubleLE(c.pR ?? NaN, (0 * n + i) * BYTES);
    bytes.writeDoubleLE(c.m ?? NaN, (1 * n + i) * BYTES);
    bytes.writeDoubleLE(c.M ?? NaN, (2 * n + i) * BYTES);
    bytes.writeDoubleLE(c.A ?? NaN, (3 * n + i) * BYTES);
    bytes.writeDoubleLE(c.S ?? NaN, (4 * n + i) * BYTES);
  }
  return bytes.toString("base64");
}

/** Double `column` of candidate `i` of `n` (NaN, a null, back to null). */
function doubleAt(doubles: Buffer, column: number, n: number, i: number): number | null {
  const x = doubles.readDoubleLE((column * n + i) * BYTES);
  return Number.isNaN(x) ? null : x;
}

function candidate3Of(r: readonly unknown[], doubles: Buffer, n: number, i: number): Record<keyof CandidateExplanation, unknown> {
  return {
    id: r[0], name: r[1], rank: r[2], excluded: r[3], pR: doubleAt(doubles, 0, n, i), m: doubleAt(doubles, 1, n, i), M: doubleAt(doubles, 2, n, i), a: r[4],
    A: doubleAt(doubles, 3, n, i), S: doubleAt(doubles, 4, n, i), pointsRank: r[5], winsSimilar: r[6], closedSimilar: r[7], winsAll: r[8], closedAll: r[9],
    leadsLast30Days: r[10], openLeads: r[11],
  };
}

const row3Schema = z.custom<readonly unknown[]>(
  (r) => Array.isArray(r) && r.length === ROW_COLUMNS.length,
  `a candidate row has ${ROW_COLUMNS.length} values`,
);

/** Format 3, the stored form (values are checked when read, as the candidates they make). */
export const binaryColumnsExplanationSchema = decisionExplanationSchema
  .omit({ format: true, winner: true, runnerUp: true, candidates: true })
  .extend({
    format: z.literal(3),
    /** The index of the candidate, or the candidate itself when it is none of them. */
    winner: z.union([z.number().int().min(0), candidateExplanationSchema]).nullable(),
    runnerUp: z.union([z.number().int().min(0), candidateExplanationSchema]).nullable(),
    columns: z.array(z.string()).refine((names) => names.join() === ROW_COLUMNS.join(), "unknown candidate columns"),
    candidates: z.array(row3Schema),
    doubleColumns: z.array(z.string()).refine((names) => names.join() === DOUBLE_COLUMNS.join(), "unknown double columns"),
    doubles: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "doubles are base64"),
  })
  .refine((s) => [s.winner, s.runnerUp].every((ref) => typeof ref !== "number" || ref < s.candidates.length), "winner or runner-up index out of range")
  .refine((s) => Buffer.byteLength(s.doubles, "base64") === s.candidates.length * DOUBLE_COLUMNS.length * BYTES, {
    message: `doubles hold ${DOUBLE_COLUMNS.length} per candidate`,
    path: ["doubles"],
  });
/** What `encodeExplanation` writes: format 3. */
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

/** What `routing_decisions.explanation` may hold: format 1, 2 or 3. */
export const storedExplanationSchema = z.discriminatedUnion("format", [decisionExplanationSchema, columnarExplanationSchema, binaryColumnsExplanationSchema]);

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

/** The stored form of `e`: format 3. */
export function encodeExplanation(e: DecisionExplanation): BinaryColumnsExplanation {
  return {
    format: 3,
    ...headOf(e),
    winner: ref3Of(e.winner, e.candidates),
    runnerUp: ref3Of(e.runnerUp, e.candidates),
    margin: e.margin,
    previousRotationAssigneeId: e.previousRotationAssigneeId,
    columns: [...ROW_COLUMNS],
    candidates: e.candidates.map(row3Of),
    doubleColumns: [...DOUBLE_COLUMNS],
    doubles: doublesOf(e.candidates),
  };
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

/** The JSON text to store for `e` (format 3). */
export function storedExplanationJson(e: DecisionExplanation): string {
  return JSON.stringify(encodeExplanation(e));
}

/** The explanation in a stored value of any format (as the drivers give `json`: parsed); throws if it is none. */
export function decodeExplanation(stored: unknown): DecisionExplanation {
  const s = storedExplanationSchema.parse(stored);
  if (s.format === 1) return s;
  let candidates: CandidateExplanation[];
  if (s.format === 3) {
    const doubles = Buffer.from(s.doubles, "base64");
    const n = s.candidates.length;
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
