/**
 * Where the respondent is: filling in; saving; `queued` (stored on this device, waiting to be
 * sent); `held` (could only be kept in this page: storage is unusable); `sent` (acknowledged);
 * `already-received` (the endpoint had an answer for this invitation already, or this browser
 * sent one for the same email link before: not counted twice);
 * `refused` (the endpoint will never take it: kept as a dead letter); `not-sent` (could not even
 * be kept: try again).
 */
export const SURVEY_STATUS = ['filling', 'saving', 'queued', 'held', 'sent', 'already-received', 'refused', 'not-sent'] as const;
export type SurveyStatus = (typeof SURVEY_STATUS)[number];

/** The answers can be changed and sent: once submitted, the stored answer is the one that counts. */
export const isEditable = (status: SurveyStatus): boolean => status === 'filling' || status === 'not-sent';

/** The form shows: being filled in, being saved, or to be tried again. */
export const isFilling = (status: SurveyStatus): boolean => isEditable(status) || status === 'saving';

/** The answer is in the outbox (or was sent from here), so an email link counts as answered. */
export const isSaved = (status: SurveyStatus): boolean => status === 'queued' || status === 'sent' || status === 'already-received';

/** The thanks shows. */
export const isDone = (status: SurveyStatus): boolean => isSaved(status) || status === 'refused';

/** Saving or stored, but not yet acknowledged or refused by the endpoint. */
export const isUnsent = (status: SurveyStatus): boolean => status === 'queued' || status === 'held' || status === 'saving';
