/**
 * The environment, validated once at start-up. Nothing else reads `process.env`.
 */
import { z } from "zod";

const envSchema = z.object({
  PROACTIVE_DATA_DIR: z.string().min(1).default("./.proactive"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  PROACTIVE_ADMIN_EMAIL: z.email().optional(),
  PROACTIVE_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How often a listening server re-routes leads past their first-touch SLA; 0 = never. */
  PROACTIVE_SLA_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  /** Behind a TLS-terminating proxy: mark cookies Secure and send HSTS. */
  PROACTIVE_TLS: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** How often a listening server raises pacing alerts; 0 turns the job off. */
  PROACTIVE_PACING_INTERVAL_MINUTES: z.coerce.number().min(0).max(7 * 24 * 60).default(60),
  /** How often a listening server refreshes stale-deal nudges and queues 1:1 reminders; 0 turns it off. */
  PROACTIVE_CADENCE_INTERVAL_MINUTES: z.coerce.number().min(0).max(7 * 24 * 60).default(60),
  /** How often a listening server delivers the notification outbox; 0 turns it off. */
  PROACTIVE_NOTIFY_INTERVAL_SECONDS: z.coerce.number().min(0).max(24 * 3600).default(30),
  /** Days a delivered notification (and its delivery rows) is kept; the cadence job prunes older ones. 0 keeps them forever. */
  PROACTIVE_OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Email notifications over SMTP, e.g. smtp://user:pass@mail.example.com:587; unset = no email. */
  PROACTIVE_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PROACTIVE_SMTP_FROM: z.string().default("Proactive <proactive@localhost>"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
