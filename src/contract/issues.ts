import type * as z from 'zod/mini';
import type { FieldError } from './helper.js';

/** Turns zod issues into the error envelope's `fields` list (path + a readable message). */
export function formatZodIssues(error: z.core.$ZodError): FieldError[] {
  return error.issues.slice(0, 20).map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message: i.message,
  }));
}
