// The collector's answers for the comment and call-back lists, checked by requestJson().
import * as z from 'zod/mini';

export const CommentSchema = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  surveyVersion: z.number(),
  channel: z.string(),
  context: z.record(z.string(), z.string()),
  submittedAt: z.string(),
  locale: z.optional(z.string()),
  questionId: z.string(),
  text: z.string(),
});
export const CommentPageSchema = z.object({ comments: z.array(CommentSchema), next: z.nullable(z.string()) });

export const ContactSchema = z.object({
  // The request's own id; an older collector gives only the answer's, which was the same then.
  id: z.optional(z.string()),
  responseId: z.string(),
  surveyId: z.string(),
  channel: z.string(),
  context: z.record(z.string(), z.string()),
  submittedAt: z.string(),
  locale: z.optional(z.string()),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  handled: z.boolean(),
});
export const ContactListSchema = z.object({ contacts: z.array(ContactSchema) });

export type Comment = z.infer<typeof CommentSchema>;
export type CommentPage = z.infer<typeof CommentPageSchema>;
export type Contact = z.infer<typeof ContactSchema>;

/** The id that PATCH and DELETE take. */
export const contactId = (contact: Contact): string => contact.id ?? contact.responseId;
