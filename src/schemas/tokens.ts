/** API tokens for integrations: the secret is returned once, at creation. */
import { z } from "zod";
import { intIdParam } from "./ids.js";

export const tokenScopeSchema = z.enum(["read", "write"]);

export const createTokenRequestSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** read: GET and HEAD only; write: changes. Default both. */
  scopes: z.array(tokenScopeSchema).min(1).max(2).optional(),
});
export type CreateTokenRequest = z.infer<typeof createTokenRequestSchema>;

export const createdTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  token: z.string(),
  scopes: z.array(tokenScopeSchema),
});
export type CreatedToken = z.infer<typeof createdTokenSchema>;

export const tokenSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type TokenSummary = z.infer<typeof tokenSummarySchema>;

export const tokenListSchema = z.array(tokenSummarySchema);

export const tokenIdParamsSchema = z.object({
  id: intIdParam,
});
