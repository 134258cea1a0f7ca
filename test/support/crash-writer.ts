/**
 * Child process for the crash test: writes committed rows to an embedded store as fast as it
 * can and reports each commit on stdout, until it is killed.
 */
import { openStore } from "../../src/store/db.js";
import { auditLog } from "../../src/store/schema.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: crash-writer <dataDir>");
const store = await openStore({ dataDir, lockAs: "crash-writer" });
for (let i = 1; ; i++) {
  await store.db.insert(auditLog).values({ action: "crash-test", entity: "row", entityId: String(i) });
  process.stdout.write(`${i}\n`);
}
