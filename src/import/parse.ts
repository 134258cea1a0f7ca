/**
 * Streaming CSV records with the physical line each starts on (header = line 1), so errors
 * point at the line a user sees in an editor even when quoted fields span several lines.
 */
import { Readable, Transform, pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { ImportUsageError } from "./mapping.js";

export interface CsvRecord {
  /** Physical line the record starts on (1-based). */
  line: number;
  cells: string[];
}

const BREAKS = /\r\n|\r|\n/g;

function countMatches(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text)) n++;
  return n;
}

/**
 * Yields every non-empty record, the header first. `onBytes` gets the running total of
 * bytes read. A malformed file (an unclosed quote) is an `ImportUsageError` naming the line.
 */
export async function* readCsv(input: NodeJS.ReadableStream | string, onBytes?: (bytes: number) => void): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
      onBytes?.(bytes);
      done(null, chunk);
    },
  });
  const source = typeof input === "string" ? Readable.from([input]) : (input as Readable);
  pipeline(source, counter, parser, () => {}); // errors surface through the iterator below

  // csv-parse's `info.lines` is the line a record ends on, but it counts a CRLF inside a
  // quoted field as two lines; `extraBreaks` takes those back out.
  let extraBreaks = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      let inside = 0;
      for (const cell of record) {
        if (cell.includes("\n") || cell.includes("\r")) {
          inside += countMatches(cell, BREAKS);
          extraBreaks += countMatches(cell, /\r\n/g);
        }
      }
      yield { line: info.lines - extraBreaks - inside, cells: record };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new ImportUsageError(`the file is not valid CSV${line ? ` (near line ${line})` : ""}: ${err.message}`);
    }
    throw err;
  }
}
