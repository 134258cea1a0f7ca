/**
 * Webhook signatures (docs/CADENCE.md, Notifications):
 *
 *   X-Proactive-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
 *
 * keyed with the endpoint's secret (the string shown once when the endpoint was registered,
 * used as is, `whsec_` prefix included). Receivers recompute it over the raw body bytes,
 * compare in constant time and refuse timestamps too far from their clock (replays).
 */
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "x-proactive-signature";
export const EVENT_HEADER = "x-proactive-event";
/** The outbox item's id: the same on every retry, so receivers can drop duplicates. */
export const DELIVERY_HEADER = "x-proactive-delivery";
export const ATTEMPT_HEADER = "x-proactive-attempt";

/** Default tolerance of `verifySignature`: 5 minutes either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, t: number, body: string | Buffer) =>
  crypto.createHmac("sha256", secret).update(`${t}.`).update(body).digest();

export function sign(body: string | Buffer, secret: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body).toString("hex")}`;
}

/**
 * The receiver's check: true when `header` carries a `v1` signature of `body` (the raw bytes
 * as received, not re-serialized JSON) with `secret`, and its `t` is within
 * `toleranceSeconds` of `now` (either way). Several `v1=` entries are allowed (any may match).
 * Compares in constant time; never throws on a malformed header.
 */
export function verifySignature(
  header: string | string[] | undefined,
  body: string | Buffer,
  secret: string,
  now: Date = new Date(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (typeof header !== "string" || header.length > 2000) return false;
  let t: number | undefined;
  const given: Buffer[] = [];
  for (const part of header.split(",")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) given.push(Buffer.from(value, "hex"));
  }
  if (t === undefined || given.length === 0) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = hmac(secret, t, body);
  let ok = false;
  for (const g of given) ok = crypto.timingSafeEqual(g, expected) || ok;
  return ok;
}

export function newSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString("hex")}`;
}
