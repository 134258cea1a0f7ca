/**
 * The routing settings form: settings ↔ the form's text fields, the body it sends, and the
 * API's field errors placed beside their field. Numbers go as typed when they are not numbers,
 * so the server (the one judge of valid settings) names the bad field. Pure.
 */
import type { ApiError } from "../api/client.js";
import type { RoutingPolicy, RoutingSettings } from "../api/routingTypes.js";

export const ROUTING_POLICIES: readonly RoutingPolicy[] = ["equilibrium", "milk-round", "top-performer"];
export const SIMILARITY_KEYS = ["product", "segment", "region", "sizeBand"] as const;
export const WEIGHT_KINDS = ["call", "email", "meeting", "visit", "proposal", "follow-up", "next-step", "opportunity-created"] as const;
export type WeightKind = (typeof WEIGHT_KINDS)[number];

/** Number fields of the params, in the form's order. */
export const NUMBER_FIELDS = [
  "meritWeight",
  "activityTarget",
  "activityWindowDays",
  "smoothingK",
  "meritWindowDays",
  "recentLeadsWindowDays",
  "defaultCapacity",
  "slaHours",
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

/** Blank means "none" for these (T: the 75th percentile; capacity: no cap). */
const NULLABLE: ReadonlySet<NumberField> = new Set(["activityTarget", "defaultCapacity"]);

export interface SettingsForm {
  policy: RoutingPolicy;
  numbers: Record<NumberField, string>;
  weights: Record<WeightKind, string>;
  similarityKeys: string[];
  /** Upper edges of the size bands in major units, comma-separated. */
  sizeBandEdges: string;
}

/** Form keys: a number field, "weights.<kind>", "similarityKeys", "sizeBandEdges", "policy", "lastN". */
export type SettingsField = NumberField | `weights.${WeightKind}` | "similarityKeys" | "sizeBandEdges" | "policy" | "lastN";

const text = (value: number | null) => (value === null ? "" : String(value));

export function formFromSettings(settings: Pick<RoutingSettings, "policy" | "params">): SettingsForm {
  const p = settings.params;
  const numbers = Object.fromEntries(NUMBER_FIELDS.map((f) => [f, text(p[f])])) as Record<NumberField, string>;
  const weights = Object.fromEntries(WEIGHT_KINDS.map((k) => [k, text(p.activityWeights[k])])) as Record<WeightKind, string>;
  return {
    policy: settings.policy,
    numbers,
    weights,
    similarityKeys: [...p.similarityKeys],
    sizeBandEdges: p.sizeBandEdgesCents.map((cents) => String(cents / 100)).join(", "),
  };
}

/** A number when the text is one, else the text itself (the API names the field). */
function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** The params the form sends to PUT routing-settings and to the preview. */
export function paramsFromForm(form: SettingsForm): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of NUMBER_FIELDS) {
    const value = form.numbers[field];
    params[field] = NULLABLE.has(field) && value.trim() === "" ? null : numberOrText(value);
  }
  params.activityWeights = Object.fromEntries(WEIGHT_KINDS.map((k) => [k, numberOrText(form.weights[k])]));
  params.similarityKeys = SIMILARITY_KEYS.filter((k) => form.similarityKeys.includes(k));
  params.sizeBandEdgesCents = form.sizeBandEdges
    .split(/[,;\s]+/)
    .filter((part) => part !== "")
    .map((part) => {
      const value = numberOrText(part);
      return typeof value === "number" ? Math.round(value * 100) : value;
    });
  return params;
}

/** The form field an API error names ("params.activityWeights.call" → "weights.call"), or null. */
export function settingsFieldOf(apiField: string): SettingsField | null {
  const path = apiField.replace(/^params\./, "").split(".");
  const [head, next] = path;
  if (head === "activityWeights" && next && (WEIGHT_KINDS as readonly string[]).includes(next)) return `weights.${next as WeightKind}`;
  if (head === "similarityKeys") return "similarityKeys";
  if (head === "sizeBandEdgesCents") return "sizeBandEdges";
  if (head === "policy" || head === "lastN") return head;
  if (head && (NUMBER_FIELDS as readonly string[]).includes(head)) return head as NumberField;
  return null;
}

export interface SettingsErrors {
  fields: Partial<Record<SettingsField, string>>;
  /** What could not be placed beside a field (or the message when nothing was). */
  general: string | null;
}

export const NO_ERRORS: SettingsErrors = { fields: {}, general: null };

export function settingsErrors(error: ApiError): SettingsErrors {
  const fields: Partial<Record<SettingsField, string>> = {};
  const unplaced: string[] = [];
  for (const { field, reason } of error.fields) {
    const target = settingsFieldOf(field);
    if (target === null) unplaced.push(`${field}: ${reason}`);
    else fields[target] ??= reason;
  }
  const general = error.fields.length === 0 ? error.message : unplaced.length > 0 ? unplaced.join("; ") : null;
  return { fields, general };
}

/** Which policies read a field: the form dims the rest, so a leader sees what matters now. */
export function fieldMatters(policy: RoutingPolicy, field: SettingsField): boolean {
  if (policy === "equilibrium") return true;
  const constraints: SettingsField[] = ["defaultCapacity", "slaHours", "policy", "lastN"];
  if (constraints.includes(field)) return true;
  if (policy === "milk-round") return false;
  // top-performer: merit and the tie-break, not activity.
  return ["smoothingK", "meritWindowDays", "recentLeadsWindowDays", "similarityKeys", "sizeBandEdges"].includes(field);
}
