/** Errors of the cadence store, with a code the API maps to an HTTP status (and the CLI to a message). */
export class CadenceError extends Error {
  constructor(
    readonly code: "not_found" | "validation" | "conflict" | "forbidden",
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
