/**
 * CSV that is safe to open in a spreadsheet (OWASP "CSV Injection"): a text cell starting
 * with =, +, -, @, tab or carriage return would be read as a formula, so it is prefixed with
 * a single quote and the field is quoted. Numbers are written as numbers (a negative amount
 * stays -12.5 and stays numeric): only text cells can carry a formula.
 */
import { stringify } from "csv-stringify/sync";

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type CsvValue = string | number | boolean | null;

/** A header row and the records, text cells neutralised, neutralised cells quoted. */
export function safeCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const cells = rows.map((row) => row.map((v) => (typeof v === "string" ? neutraliseCell(v) : v)));
  return stringify([header as string[], ...cells], {
    quoted_match: /^'[=+\-@\t\r]/,
    cast: { boolean: (b) => (b ? "true" : "false") },
  });
}
