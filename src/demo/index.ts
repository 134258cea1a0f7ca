/** The demo: a deterministic sales organisation with a year of history, and its loader. */
export { generateDemo, monthPeriod, resolveDemoOptions, targetActivityCount } from "./generate.js";
export { describeSignIn, DEMO_PASSWORD, isStoreEmpty, loadDemo, type DemoSummary, type LoadDemoOptions } from "./load.js";
export { ABILITY_PARAMS, STYLE_PARAMS, type Ability, type Archetype, type Style } from "./archetypes.js";
export { segmentForEmployees, REGIONS, PRODUCT_SPECS } from "./catalog.js";
export { ADMIN_EMAIL, COMPANY_NAME, defaultTeamCount } from "./organisation.js";
export { LARGE_DEAL_CENTS } from "./opportunities.js";
export { createRandom, seedFor, type Random } from "./random.js";
export * from "./types.js";
