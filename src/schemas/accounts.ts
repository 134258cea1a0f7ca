/** The account typeahead (the activity form): up to 20 accounts whose name matches. */
import { z } from "zod";

export const accountSearchQuerySchema = z.object({
  query: z.string().trim().max(300).default(""),
});

export const accountOptionSchema = z.object({ id: z.number().int(), name: z.string() });
export type AccountOption = z.infer<typeof accountOptionSchema>;
export const accountOptionListSchema = z.array(accountOptionSchema);
