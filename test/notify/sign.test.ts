/**
 * The pure parts of notifications: the webhook signature and the receiver's check (tolerance
 * window both ways, constant-time compare over the raw bytes, malformed headers), the retry
 * schedule, error scrubbing, and the plain words of each email.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { backoffMs, DISPATCH_DEFAULTS, scrub } from "../../src/notify/dispatch.js";
import { describeNotification } from "../../src/notify/email.js";
import { OUTBOX_KINDS } from "../../src/notify/outbox.js";
import { newSecret, sign, verifySignature } from "../../src/notify/sign.js";

const SECRET = "whsec_0123456789abcdef0123456789abcdef";
const AT = new Date("2026-03-18T12:00:00.750Z");
const BODY = JSON.stringify({ id: 7, kind: "stale.nudged", payload: { externalId: "OPP-42", note: "naïve – ünïcode" } });

describe("webhook signatures", () => {
  it("is t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>, as documented", () => {
    const header = sign(BODY, SECRET, AT);
    const t = Math.floor(AT.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${crypto.createHmac("sha256", SECRET).update(`${t}.${BODY}`).digest("hex")}`);
    expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    // Bytes and string sign the same.
    expect(sign(Buffer.from(BODY, "utf8"), SECRET, AT)).toBe(header);
  });

  it("verifies over the raw bytes within the tolerance window, both ways, edges included", () => {
    const header = sign(BODY, SECRET, AT);
    const t = Math.floor(AT.getTime() / 1000) * 1000;
    expect(verifySignature(header, BODY, SECRET, AT)).toBe(true);
    expect(verifySignature(header, Buffer.from(BODY), SECRET, AT)).toBe(true);
    expect(verifySignature(header, BODY, SECRET, new Date(t + 300_000))).toBe(true);
    expect(verifySignature(header, BODY, SECRET, new Date(t + 300_001))).toBe(false);
    expect(verifySignature(header, BODY, SECRET, new Date(t - 300_000))).toBe(true);
    expect(verifySignature(header, BODY, SECRET, new Date(t - 300_001))).toBe(false);
    expect(verifySignature(header, BODY, SECRET, new Date(t + 30_000), 10)).toBe(false);
  });

  it("refuses a changed body, another secret, a re-serialized body and a replayed signature under a new timestamp", () => {
    const header = sign(BODY, SECRET, AT);
    expect(verifySignature(header, BODY.replace("OPP-42", "OPP-43"), SECRET, AT)).toBe(false);
    expect(verifySignature(header, BODY, `${SECRET}x`, AT)).toBe(false);
    expect(verifySignature(header, JSON.stringify(JSON.parse(BODY), null, 1), SECRET, AT)).toBe(false);
    const v1 = header.split("v1=")[1]!;
    const later = Math.floor(AT.getTime() / 1000) + 60;
    expect(verifySignature(`t=${later},v1=${v1}`, BODY, SECRET, AT)).toBe(false);
  });

  it("never throws on malformed headers", () => {
    const v1 = sign(BODY, SECRET, AT).split("v1=")[1]!;
    const t = Math.floor(AT.getTime() / 1000);
    for (const bad of [undefined, "", "garbage", `t=${t}`, `v1=${v1}`, `t=abc,v1=${v1}`, `t=${t},v1=${v1.slice(2)}`, `t=${t},v1=zz${v1.slice(2)}`, `t=${t}.5,v1=${v1}`, ["a", "b"], "x".repeat(5000)]) {
      expect(verifySignature(bad as string, BODY, SECRET, AT), String(bad).slice(0, 40)).toBe(false);
    }
    // Spaces and several v1 entries (a receiver rotating secrets): any may match.
    expect(verifySignature(` t=${t} , v1=${"0".repeat(64)} , v1=${v1}`, BODY, SECRET, AT)).toBe(true);
    expect(verifySignature(`t=${t},v1=${v1.toUpperCase()}`, BODY, SECRET, AT)).toBe(true);
  });

  it("is checked the same way by the verification snippet in docs/CADENCE.md", async () => {
    const doc = fs.readFileSync("docs/CADENCE.md", "utf8");
    const code = /<!-- verify-snippet -->\s*```js\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(code).toBeDefined();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "proactive-snippet-")), "verify.mjs");
    fs.writeFileSync(file, code!);
    const { verifyProactive } = (await import(pathToFileURL(file).href)) as {
      verifyProactive: (h: string, b: string | Buffer, s: string, tol?: number, now?: number) => boolean;
    };
    const header = sign(BODY, SECRET, AT);
    const t = Math.floor(AT.getTime() / 1000) * 1000;
    const cases: [string, string | Buffer, string, number][] = [
      [header, BODY, SECRET, AT.getTime()],
      [header, Buffer.from(BODY), SECRET, AT.getTime()],
      [header, BODY, SECRET, t + 300_000],
      [header, BODY, SECRET, t + 300_001],
      [header, BODY, SECRET, t - 300_001],
      [header, `${BODY} `, SECRET, AT.getTime()],
      [header, BODY, "whsec_other_secret_0000000000", AT.getTime()],
      [`t=${t / 1000},v1=${"0".repeat(64)},v1=${header.split("v1=")[1]}`, BODY, SECRET, AT.getTime()],
      ["garbage", BODY, SECRET, AT.getTime()],
      [`t=${t / 1000},v1=abc`, BODY, SECRET, AT.getTime()],
    ];
    for (const [h, body, secret, now] of cases) {
      expect(verifyProactive(h, body, secret, 300, now), `${h.slice(0, 30)} at ${now}`).toBe(verifySignature(h, body, secret, new Date(now)));
    }
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it("generates distinct secrets", () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(newSecret()).not.toBe(a);
  });
});

describe("retry schedule", () => {
  it("doubles from 30 s and is capped at 1 h; the default attempts last about three days", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 80].map((n) => backoffMs(n) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(backoffMs(1000)).toBe(3_600_000);
    expect(backoffMs(3, { baseDelayMs: 1000, maxDelayMs: 3000 })).toBe(3000);
    // The last attempt happens this long after the first: the sum of the waits before it.
    const span = Array.from({ length: DISPATCH_DEFAULTS.maxAttempts - 1 }, (_, i) => backoffMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(span / 3_600_000).toBeGreaterThan(72);
    expect(span / 3_600_000).toBeLessThan(74);
  });
});

describe("error texts", () => {
  it("drop URLs, paths and secrets", () => {
    const url = "https://hooks.example.test/services/T000/B000/XXXXsecretXXXX?token=abcd1234";
    expect(scrub(`Failed to parse URL from ${url}`, [url])).toBe("Failed to parse URL from …");
    expect(scrub("bad /services/T000/B000/XXXXsecretXXXX here", ["/services/T000/B000/XXXXsecretXXXX"])).not.toContain("secret");
    expect(scrub("x".repeat(900), [])).toHaveLength(501);
  });
});

describe("notification emails", () => {
  const payloads: Record<string, Record<string, unknown>> = {
    "stale.nudged": { externalId: "OPP-42", stage: "Qualification", staleSince: "2026-03-15T00:00:00.000Z" },
    "stale.escalated": { externalId: "OPP-42", stage: "Qualification", staleSince: "2026-03-15T00:00:00.000Z" },
    "pacing.alert": { period: "2026-03", status: "at-risk", reason: "a revenue gap remains", raisedAt: "2026-03-18T12:00:00.000Z" },
    "pacing.escalated": { repName: "Ana Rep", period: "2026-03", status: "behind", reason: "2 created against 5 scheduled", raisedAt: "2026-03-18T12:00:00.000Z" },
    "lead.assigned": { leadId: 12, decisionKind: "initial", reason: "best merit", decidedAt: "2026-03-18T12:00:00.000Z" },
    "one-on-one.reminder": { scheduledFor: "2026-03-19T09:00:00.000Z" },
  };

  it("has plain words for every kind", () => {
    for (const kind of OUTBOX_KINDS) {
      const m = describeNotification(kind, payloads[kind]!);
      expect(m.subject, kind).not.toMatch(/undefined|null|\{|Proactive:/);
      expect(m.text, kind).not.toMatch(/undefined|null|\{/);
    }
    expect(describeNotification("stale.nudged", payloads["stale.nudged"]!)).toEqual({
      subject: "OPP-42 has gone quiet",
      text: "Nothing has touched OPP-42 (Qualification) since it went stale on 15 March 2026.\n\nPost an update or log an activity on it. If it stays quiet past the grace period, it appears in your manager's view.",
    });
    expect(describeNotification("one-on-one.reminder", payloads["one-on-one.reminder"]!).subject).toBe("1:1 reminder: Thursday 19 March 2026 at 09:00 UTC");
    expect(describeNotification("pacing.escalated", payloads["pacing.escalated"]!).subject).toBe("Ana Rep is behind pace for 2026-03");
    expect(describeNotification("pacing.alert", payloads["pacing.alert"]!).subject).toBe("You are at risk for 2026-03");
    expect(describeNotification("lead.assigned", { ...payloads["lead.assigned"]!, decisionKind: "sla-reroute" }).subject).toBe("A lead was re-routed to you (lead #12)");
  });
});
