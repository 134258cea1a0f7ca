/** Request and response schemas shared by the server and the web app (zod only, no node imports). */
export * from "./errors.js";
export * from "./auth.js";
export * from "./tokens.js";
export * from "./teams.js";
export * from "./routing.js";
export * from "./activity.js";
export * from "./performance.js";
export * from "./audit.js";
