/** The one error shape every API failure uses. */
import { z } from "zod";

export const errorFieldSchema = z.object({
  field: z.string(),
  reason: z.string(),
});

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(errorFieldSchema).optional(),
  }),
});

export type ErrorResponse = z.infer<typeof errorResponseSchema>;
