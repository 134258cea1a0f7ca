/** The activity form's rules: kinds, proactive defaults, the request body and the API's field errors. Pure. */
import type { ApiError } from "../api/client.js";
import type { ActivityBody } from "../api/activityTypes.js";
import type { ActivityKind } from "../api/types.js";

export const FORM_KINDS: readonly { kind: ActivityKind; label: string; key: string }[] = [
  { kind: "call", label: "Call", key: "1" },
  { kind: "email", label: "Email", key: "2" },
  { kind: "meeting", label: "Meeting", key: "3" },
  { kind: "visit", label: "Visit", key: "4" },
  { kind: "proposal", label: "Proposal", key: "5" },
  { kind: "follow-up", label: "Follow-up", key: "6" },
  { kind: "next-step", label: "Next step", key: "7" },
  { kind: "opportunity-created", label: "Opportunity created", key: "8" },
];

const REACTIVE_BY_DEFAULT = new Set<ActivityKind>(["follow-up", "proposal", "next-step"]);

/** Reaching out (calls, emails, meetings, visits, new opportunities) is hunting; answering a deal in flight is not. */
export function defaultProactive(kind: ActivityKind): boolean {
  return !REACTIVE_BY_DEFAULT.has(kind);
}

export interface ActivityFormState {
  kind: ActivityKind;
  proactive: boolean;
  /** A datetime-local value, "YYYY-MM-DDTHH:mm", in the browser's zone. */
  at: string;
  account: string;
  /** The account picked from the typeahead (its name may still be edited away). */
  accountId: number | null;
  accountName: string | null;
  duration: string;
  outcome: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A Date as a datetime-local value in the browser's own zone. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function initialFormState(now: Date, kind: ActivityKind = "call"): ActivityFormState {
  return { kind, proactive: defaultProactive(kind), at: toLocalInput(now), account: "", accountId: null, accountName: null, duration: "", outcome: "" };
}

/**
 * The POST /activities body. The time is sent only when changed from the form's opening
 * minute (so "now" is the server's now); the account by id when picked, else by name; a
 * duration that is not a whole number goes as typed so the API names the field.
 */
export function activityBody(form: ActivityFormState, options: { openedAt: string; repId?: number }): ActivityBody {
  const body: ActivityBody = { kind: form.kind, proactive: form.proactive };
  if (options.repId !== undefined) body.repId = options.repId;
  if (form.at !== options.openedAt && form.at !== "") {
    const at = new Date(form.at);
    body.at = Number.isNaN(at.getTime()) ? form.at : at.toISOString();
  }
  const account = form.account.trim();
  if (form.accountId !== null && account === form.accountName) body.accountId = form.accountId;
  else if (account !== "") body.account = account;
  const duration = form.duration.trim();
  if (duration !== "") body.durationMinutes = /^\d+$/.test(duration) ? Number(duration) : (duration as unknown as number);
  const outcome = form.outcome.trim();
  if (outcome !== "") body.outcome = outcome;
  return body;
}

/** The form's fields by the names the API uses in its errors. */
export type FormField = "kind" | "proactive" | "at" | "account" | "duration" | "outcome" | "repId";
const API_FIELD: Record<string, FormField> = {
  kind: "kind",
  proactive: "proactive",
  at: "at",
  account: "account",
  accountId: "account",
  durationMinutes: "duration",
  outcome: "outcome",
  repId: "repId",
};

/** Splits an API error into messages per form field and the rest (shown at the top). */
export function fieldErrors(error: ApiError): { fields: Partial<Record<FormField, string>>; general: string | null } {
  const fields: Partial<Record<FormField, string>> = {};
  const unplaced: string[] = [];
  for (const { field, reason } of error.fields) {
    const target = API_FIELD[field.split(".")[0] ?? field];
    if (target && !fields[target]) fields[target] = reason;
    else if (!target) unplaced.push(`${field}: ${reason}`);
  }
  const general = error.fields.length === 0 ? error.message : unplaced.length > 0 ? unplaced.join("; ") : null;
  return { fields, general };
}
