/** The pure lead-routing core (D1). See docs/ROUTING.md for the formulas and a worked example. */
export * from "./types.js";
export { inWindow, windowStart } from "./window.js";
export {
  countHistory,
  effectiveSimilarityKeys,
  merit,
  relativeMerit,
  similarityLabel,
  sizeBandOf,
  smoothedRate,
  teamWinRate,
  type ClosedOpportunity,
} from "./merit.js";
export {
  activityScore,
  activityTarget,
  countProactive,
  percentileInc,
  pointsInHundredths,
  proactivePoints,
  type ActivityRecord,
} from "./activity.js";
export { attributeReason, capacityReason, exclusionReason, formatDay, outOfOfficeReason } from "./constraints.js";
export { compareContenders, equilibriumScore, type Contender } from "./score.js";
export { routeLead } from "./policies.js";
export {
  formatPoints,
  formatScore,
  ordinal,
  pointsNeededToWin,
  renderPointsNeeded,
  renderReason,
  type PointsNeeded,
} from "./explain.js";
export {
  binaryColumnsExplanationSchema,
  CANDIDATE_COLUMNS,
  columnarExplanationSchema,
  decodeExplanation,
  derivedDoublesExplanationSchema,
  DOUBLE_COLUMNS,
  encodeExplanation,
  encodeFormat2,
  encodeFormat3,
  ROW_COLUMNS,
  packExplanation,
  storedExplanationJson,
  storedExplanationSchema,
  type BinaryColumnsExplanation,
  type CandidateRow,
  type CandidateRow3,
  type ColumnarExplanation,
  type DerivedDoublesExplanation,
} from "./stored.js";
