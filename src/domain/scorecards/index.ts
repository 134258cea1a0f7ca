export * from "./deal-documents.js";
export * from "./icp.js";
export * from "./kpis.js";
export * from "./scorecard.js";
