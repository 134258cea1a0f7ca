/**
 * The CRM sample committed in examples/crm-sample/data is a verbatim copy of the export handed
 * to the team (../shared/data/crm-sample): same files, same bytes, flaws included. Where the
 * original is not beside the checkout (a clone elsewhere), the copy is all there is, and the
 * test checks that the copy still holds the export's known shape.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COPIED_SAMPLE_DIR, SAMPLE_FILES, SHARED_SAMPLE_DIR } from "../examples/crm-sample/location.js";

const hasOriginal = fs.existsSync(path.join(SHARED_SAMPLE_DIR, "sales_pipeline.csv"));
const lines = (file: string) => fs.readFileSync(path.join(COPIED_SAMPLE_DIR, file), "utf8").trimEnd().split("\n").length - 1;

describe("the committed copy of the CRM sample", () => {
  it.runIf(hasOriginal)("is byte-identical to ../shared/data/crm-sample", () => {
    for (const file of SAMPLE_FILES) {
      expect(fs.readFileSync(path.join(COPIED_SAMPLE_DIR, file)).equals(fs.readFileSync(path.join(SHARED_SAMPLE_DIR, file))), file).toBe(true);
    }
  });

  it("has the export's rows and its known flaws", () => {
    expect([lines("sales_teams.csv"), lines("accounts.csv"), lines("products.csv"), lines("sales_pipeline.csv")]).toEqual([35, 85, 7, 8800]);
    const pipeline = fs.readFileSync(path.join(COPIED_SAMPLE_DIR, "sales_pipeline.csv"), "utf8");
    expect(pipeline).toContain(",GTXPro,");
    expect(fs.readFileSync(path.join(COPIED_SAMPLE_DIR, "accounts.csv"), "utf8")).toContain(",technolgy,");
  });
});
