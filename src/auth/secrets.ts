/** Random bearer secrets and the hashes stored in their place. */
import crypto from "node:crypto";

export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** SHA-256 hex: the secrets are 256-bit random, so a fast hash is enough (no guessing). */
export function hashSecret(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}
