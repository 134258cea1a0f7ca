/**
 * `proactive serve` as a real child process on a temporary embedded store: it serves, holds
 * the store against other commands (exit 3, naming the server), stops on SIGTERM, and the
 * store opens again afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = path.resolve("bin/proactive.js");
const ADMIN = { PROACTIVE_ADMIN_EMAIL: "owner@example.test", PROACTIVE_ADMIN_PASSWORD: "a long passphrase" };

function cliEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, PROACTIVE_DATA_DIR: _dir, PORT: _port, ...rest } = process.env;
  return { ...rest, ...ADMIN, LOG_LEVEL: "warn" };
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `serve` and resolves with its URL once it prints it. */
function serve(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data", dataDir, "--no-demo"], { env: cliEnv() });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}\n${err}`)), 30_000);
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      const match = /Proactive is running at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

describe("proactive serve", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-serve-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves, holds the store against other commands, stops on SIGTERM, and the store reopens", async () => {
    const first = await serve(dataDir);
    children.push(first.child);
    const health = await fetch(`${first.url}/api/v1/health`);
    expect(await health.json()).toEqual({ ok: true, store: "pglite" });
    // No demo on --no-demo: only the first admin from the environment exists.
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: ADMIN.PROACTIVE_ADMIN_EMAIL, password: ADMIN.PROACTIVE_ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    expect((await (await fetch(`${first.url}/api/v1/teams`, { headers: { cookie } })).json())).toEqual([]);

    const refused = await run(["token", "create", "--user", ADMIN.PROACTIVE_ADMIN_EMAIL, "--data", dataDir]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("in use by a running Proactive server");
    expect(refused.stderr).toContain(first.url);
    expect(refused.stdout).toBe("");

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "proactive.lock"))).toBe(false);

    const created = await run(["token", "create", "--user", ADMIN.PROACTIVE_ADMIN_EMAIL, "--name", "ci", "--json", "--data", dataDir]);
    expect(created.code, created.stderr).toBe(0);
    const { token, id, user } = JSON.parse(created.stdout);
    expect(token).toMatch(/^pro_/);
    expect(user).toBe(ADMIN.PROACTIVE_ADMIN_EMAIL);

    const listed = await run(["token", "list", "--user", ADMIN.PROACTIVE_ADMIN_EMAIL, "--json", "--data", dataDir]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, name: "ci", revokedAt: null })]);

    const revoked = await run(["token", "revoke", String(id), "--data", dataDir]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked token ${id}`);
    const nobody = await run(["token", "create", "--user", "nobody@example.test", "--data", dataDir]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain("No user has the email nobody@example.test");
  });
});
