/** Sign-in and the signed-in user ("Me"). */
import { z } from "zod";

export const roleSchema = z.enum(["rep", "manager", "admin"]);

export const loginRequestSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const meSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  teamId: z.number().int().nullable(),
  teamName: z.string().nullable(),
  /** Teams this user manages, and their child teams. */
  managedTeamIds: z.array(z.number().int()),
});
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.object({ user: meSchema });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const healthResponseSchema = z.object({
  ok: z.literal(true),
  store: z.enum(["pglite", "postgres"]),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
