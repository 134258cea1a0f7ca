/** The pure cadence core (D3, D5). See docs/CADENCE.md for the rules in plain words. */
export * from "./schemas.js";
export * from "./fields.js";
export * from "./promises.js";
export * from "./preemptive.js";
export * from "./stale.js";
export * from "./schedule.js";
export * from "./adherence.js";
export * from "./agenda.js";
export * from "./ics.js";
export { compareIds } from "./order.js";
export { dayEnd, dayStart, isoWeekStart, isoWeeksBetween, localDay, zonedToUtc, zoneOffsetMs } from "./time.js";
