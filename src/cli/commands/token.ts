/**
 * `proactive token create|list|revoke`: API tokens from the terminal. `create` prints the
 * token alone on one line (scripts capture it), or {"token","id","user"} with --json.
 */
import type { Command } from "commander";
import { eq, sql } from "drizzle-orm";
import { createApiToken, findApiToken, listApiTokens, revokeApiToken } from "../../auth/tokens.js";
import type { Db } from "../../store/db.js";
import { users } from "../../store/schema.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";

interface UserOptions extends StoreOptions {
  user: string;
  json?: boolean;
}

async function userByEmail(db: Db, email: string): Promise<{ id: number; email: string }> {
  const [user] = await db
    .select({ id: users.id, email: users.email, active: users.active })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  if (!user) throw new CliError(`No user has the email ${email}.`, EXIT.rejected);
  if (!user.active) throw new CliError(`The user ${email} is inactive; an inactive user's tokens do not work.`, EXIT.rejected);
  return { id: user.id, email: user.email ?? email };
}

function parseId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw new CliError(`A token id is a positive whole number, not "${text}".`, EXIT.usage);
  return id;
}

export function registerToken(program: Command): void {
  const token = program.command("token").description("create, list and revoke API tokens (Authorization: Bearer <token>)");

  addStoreOptions(
    token
      .command("create")
      .description("create an API token for a user and print it (shown only this once)")
      .requiredOption("--user <email>", "the user the token acts as")
      .option("--name <name>", "what the token is for", "cli")
      .option("--json", 'print {"token","id","user"} instead of the token alone'),
  ).action(async (opts: UserOptions & { name: string }) => {
    await withStore(opts, "token create", async ({ db }) => {
      const user = await userByEmail(db, opts.user);
      const created = await createApiToken(db, user.id, opts.name);
      process.stdout.write(opts.json ? `${JSON.stringify({ token: created.token, id: created.id, user: user.email })}\n` : `${created.token}\n`);
    });
  });

  addStoreOptions(
    token
      .command("list")
      .description("list a user's API tokens (never their secrets)")
      .requiredOption("--user <email>", "whose tokens")
      .option("--json", "print JSON"),
  ).action(async (opts: UserOptions) => {
    await withStore(opts, "token list", async ({ db }) => {
      const user = await userByEmail(db, opts.user);
      const rows = await listApiTokens(db, user.id);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows.map(({ userId: _userId, ...t }) => t))}\n`);
        return;
      }
      if (rows.length === 0) process.stdout.write(`${user.email} has no API tokens.\n`);
      for (const t of rows) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
        const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used";
        process.stdout.write(`${t.id}\t${t.name}\tcreated ${t.createdAt.toISOString()}\t${used}\t${state}\n`);
      }
    });
  });

  addStoreOptions(token.command("revoke").description("revoke an API token by id").argument("<id>", "the token id (see token list)")).action(
    async (idText: string, opts: StoreOptions) => {
      const id = parseId(idText);
      await withStore(opts, "token revoke", async ({ db }) => {
        const found = await findApiToken(db, id);
        if (!found) throw new CliError(`There is no API token ${id}.`, EXIT.rejected);
        const revoked = await revokeApiToken(db, id, new Date());
        process.stdout.write(revoked ? `Revoked token ${id} (${found.name}).\n` : `Token ${id} was already revoked.\n`);
      });
    },
  );
}
