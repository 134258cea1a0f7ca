/**
 * Local receivers for the notification tests: a webhook receiver (node:http) that verifies
 * every signature with the test's clock and can be taken down (connections refused), made to
 * answer 500, or to hold its answer; and an SMTP server (smtp-server) that collects messages
 * and can refuse recipients or require a password.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { DELIVERY_HEADER, verifySignature } from "../../src/notify/sign.js";

export interface Received {
  id: string;
  kind: string;
  attempt: number;
  body: { id: number; kind: string; createdAt: string; payload: Record<string, unknown> };
}

export type ReceiverMode = "ok" | "error" | "hold";

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Verified requests answered 2xx, in order. */
  delivered: Received[];
  /** Every request that reached the receiver (also the refused ones). */
  requests: number;
  /** Requests whose signature did not verify (answered 401). */
  badSignatures: number;
  mode: ReceiverMode;
  /** Stop listening: connections are refused until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Answers every held request (mode "hold") with 200. */
  release(): void;
  /** Resolves when this many requests are being held. */
  holding(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { secret: string; clock: () => Date; path?: string }): Promise<WebhookReceiver> {
  const held: { res: http.ServerResponse; received: Received }[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const state = { requests: 0, badSignatures: 0 };
  const delivered: Received[] = [];
  let mode: ReceiverMode = "ok";
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      state.requests++;
      const raw = Buffer.concat(chunks);
      if (!verifySignature(req.headers["x-proactive-signature"], raw, options.secret, options.clock())) {
        state.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const body = JSON.parse(raw.toString("utf8")) as Received["body"];
      const received = { id: String(req.headers[DELIVERY_HEADER]), kind: String(req.headers["x-proactive-event"]), attempt: Number(req.headers["x-proactive-attempt"]), body };
      if (mode === "error") {
        res.writeHead(500).end("down for maintenance");
        return;
      }
      if (mode === "hold") {
        held.push({ res, received });
        for (const w of waiters.filter((w) => held.length >= w.n)) w.resolve();
        return;
      }
      delivered.push(received);
      res.writeHead(204).end();
    });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}${options.path ?? "/hooks/proactive"}`;
  return {
    url,
    port,
    delivered,
    get requests() {
      return state.requests;
    },
    get badSignatures() {
      return state.badSignatures;
    },
    get mode() {
      return mode;
    },
    set mode(m: ReceiverMode) {
      mode = m;
    },
    async down() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
    up: () => listen(port),
    release() {
      for (const h of held.splice(0)) {
        delivered.push(h.received);
        h.res.writeHead(200).end();
      }
    },
    holding: (n) => (held.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
    async close() {
      for (const h of held.splice(0)) h.res.destroy();
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

export interface SmtpReceiver {
  url: string;
  port: number;
  messages: Mail[];
  close(): Promise<void>;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=). */
function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(data, "base64").toString("utf8")
      : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4);
  const header = (name: string) => head.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  if (encoding === "quoted-printable") {
    body = Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  } else if (encoding === "base64") {
    body = Buffer.from(body, "base64").toString("utf8");
  }
  return { subject: decodeWords(header("Subject")), text: body.replace(/\r\n/g, "\n").trim() };
}

export async function startSmtpServer(options: { rejectRecipients?: string[]; auth?: { user: string; pass: string } } = {}): Promise<SmtpReceiver> {
  const messages: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address.toLowerCase())) callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(Buffer.concat(chunks).toString("utf8")) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : "";
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
