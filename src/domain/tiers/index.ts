export * from "./history.js";
export * from "./tiers.js";
