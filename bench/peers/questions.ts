// The shared questions of every peer page (render benchmark, scripts/bench-render.mjs): our default
// survey's five 1–5 ratings, NPS 0–10 and optional comment, with its Dutch texts. The texts come
// from survey-text.ts, which the bench runs at build time and inlines as `__SURVEY_TEXT__`.
import type { CommentText, ScaleText, SurveyText } from './survey-text.js';

declare const __SURVEY_TEXT__: SurveyText;

export type { CommentText, ScaleText, SurveyText };

export const TEXT: SurveyText = __SURVEY_TEXT__;

/** The scale questions (five ratings, then NPS), in the order our element shows them. */
export const SCALE_QUESTIONS = TEXT.questions.filter((q): q is ScaleText => q.kind !== 'comment');

/** The comment question. */
export const COMMENT = TEXT.questions.find((q): q is CommentText => q.kind === 'comment')!;
