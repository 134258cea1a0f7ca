/**
 * The 1:1 cadence as an iCalendar feed (RFC 5545): one recurring VEVENT per rep, with a UID
 * stable per (manager, rep) so a calendar that re-imports the feed updates instead of
 * duplicating. DTSTART is in UTC and the RRULE is weekly in UTC. A zone with DST moves the
 * local time's UTC instant twice a year, which a UTC rule cannot follow: within the horizon
 * (default: from the first 1:1 to a year after `now`) each 1:1 the rule would put at the
 * wrong UTC time is listed in EXDATE and its true instant in RDATE.
 */
import { addDays, DAY_MS } from "../periods.js";
import { firstMeetingDay } from "./schedule.js";
import { scheduleSchema, type Schedule, type ScheduleInput } from "./schemas.js";
import { dayStart, zonedToUtc } from "./time.js";

export interface IcsPerson {
  id: number;
  name: string;
  email?: string | null;
}

export interface IcsEvent {
  rep: IcsPerson;
  schedule: ScheduleInput | Schedule;
  /** Free text, e.g. the agenda's headlines; defaults to a line naming the two people. */
  description?: string;
}

export interface RenderIcsOptions {
  /** The window in which DST corrections are listed. */
  horizon?: { from: Date; to: Date };
  /** The host part of UIDs. */
  uidDomain?: string;
}

const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

/** 2024-03-05T09:30:00Z → "20240305T093000Z". */
export function icsUtc(at: Date): string {
  return at.toISOString().replace(/\.\d{3}/, "").replace(/[-:]/g, "");
}

/** TEXT per RFC 5545 §3.3.11: backslash, semicolon, comma and newlines escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds a content line at 75 octets (§3.1): continuation lines start with one space, which
 * counts toward their 75. Never splits a UTF-8 character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > 75) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n");
}

/** A parameter value, quoted when it holds `:;,` (DQUOTE itself cannot appear, so it is dropped). */
function paramValue(value: string): string {
  const clean = value.replace(/"/g, "").replace(/[\r\n]+/g, " ");
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

function person(role: "ORGANIZER" | "ATTENDEE", p: IcsPerson): string[] {
  return p.email ? [`${role};CN=${paramValue(p.name)}:mailto:${p.email}`] : [];
}

function eventLines(manager: IcsPerson, event: IcsEvent, now: Date, options: RenderIcsOptions): string[] {
  const s = scheduleSchema.parse(event.schedule);
  const firstDay = firstMeetingDay(s);
  const start = zonedToUtc(firstDay, s.time, s.timeZone);
  const step = 7 * s.intervalWeeks * DAY_MS;
  const weekDays = (k: number) => new Date(dayStart(firstDay).getTime() + k * step).toISOString().slice(0, 10);
  const lastK = s.endsOn === null ? null : Math.floor((dayStart(s.endsOn).getTime() - dayStart(firstDay).getTime()) / step);
  if (lastK !== null && lastK < 0) return []; // ends before its first 1:1
  const rule = [`FREQ=WEEKLY`, ...(s.intervalWeeks > 1 ? [`INTERVAL=${s.intervalWeeks}`] : []), `BYDAY=${WEEKDAYS[start.getUTCDay()]}`];
  if (lastK !== null) rule.push(`UNTIL=${icsUtc(new Date(start.getTime() + lastK * step))}`);

  const horizon = options.horizon ?? { from: start, to: addDays(now, 366) };
  const exdates: string[] = [];
  const rdates: string[] = [];
  const kFrom = Math.max(0, Math.floor((horizon.from.getTime() - start.getTime()) / step) - 1);
  const kTo = Math.min(lastK ?? Infinity, Math.ceil((horizon.to.getTime() - start.getTime()) / step) + 1);
  for (let k = kFrom; k <= kTo; k++) {
    const byRule = new Date(start.getTime() + k * step);
    const actual = zonedToUtc(weekDays(k), s.time, s.timeZone);
    const inHorizon = (d: Date) => d.getTime() >= horizon.from.getTime() && d.getTime() < horizon.to.getTime();
    if (byRule.getTime() !== actual.getTime() && (inHorizon(byRule) || inHorizon(actual))) {
      exdates.push(icsUtc(byRule));
      rdates.push(icsUtc(actual));
    }
  }

  const domain = options.uidDomain ?? "proactive";
  return [
    "BEGIN:VEVENT",
    `UID:one-on-one-${manager.id}-${event.rep.id}@${domain}`,
    `DTSTAMP:${icsUtc(now)}`,
    `DTSTART:${icsUtc(start)}`,
    `DURATION:PT${s.durationMinutes}M`,
    `RRULE:${rule.join(";")}`,
    ...(exdates.length > 0 ? [`EXDATE:${exdates.join(",")}`, `RDATE:${rdates.join(",")}`] : []),
    `SUMMARY:${escapeText(`1:1 — ${event.rep.name}`)}`,
    `DESCRIPTION:${escapeText(event.description ?? `Recurring 1:1 between ${manager.name} and ${event.rep.name} (${s.time} ${s.timeZone}).`)}`,
    ...person("ORGANIZER", manager),
    ...person("ATTENDEE", event.rep),
    "END:VEVENT",
  ];
}

/** The manager's 1:1s as one VCALENDAR: CRLF line ends, lines folded at 75 octets. */
export function renderIcs(manager: IcsPerson, events: readonly IcsEvent[], now: Date, options: RenderIcsOptions = {}): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "PRODID:-//Proactive//Coaching cadence//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(`1:1s — ${manager.name}`)}`,
    ...[...events].sort((a, b) => a.rep.id - b.rep.id).flatMap((e) => eventLines(manager, e, now, options)),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
