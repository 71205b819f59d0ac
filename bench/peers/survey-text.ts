// Build-time module, not shipped to a page: scripts/bench-render.mjs bundles it for Node, runs
// `surveyText()` and inlines the result into each peer bundle as `__SURVEY_TEXT__` (see
// questions.ts). So every peer shows exactly the Dutch words of our default survey
// (src/i18n/default-survey.ts + src/i18n/locales/nl.ts), and carries only the strings it shows.
import { defaultSurvey } from '../../src/i18n/default-survey.js';
import { nl } from '../../src/i18n/locales/nl.js';
import { SCALES, type LocalizedText } from '../../src/schema/survey.js';

export interface ScaleText {
  kind: 'rating' | 'nps';
  id: string;
  label: string;
  required: boolean;
  min: number;
  max: number;
  low: string;
  high: string;
}

export interface CommentText {
  kind: 'comment';
  id: string;
  label: string;
  required: boolean;
}

export interface SurveyText {
  title: string;
  requiredNote: string;
  submit: string;
  thanks: string;
  questions: (ScaleText | CommentText)[];
}

function dutch(text: LocalizedText | undefined): string {
  const value = text?.[nl.$code];
  if (!value) throw new Error('The default survey has no Dutch text here.');
  return value;
}

/** The default survey's questions with their Dutch labels, as every peer page shows them. */
export function surveyText(): SurveyText {
  const survey = defaultSurvey();
  const questions = survey.questions.map((question): ScaleText | CommentText => {
    const label = dutch(question.label);
    const required = 'required' in question && question.required === true;
    if (question.kind === 'comment') return { kind: 'comment', id: question.id, label, required };
    if (question.kind === 'contact') throw new Error('The default survey has no contact question.');
    const { min, max } = SCALES[question.kind];
    const nps = question.kind === 'nps';
    const low = nps ? nl.npsLow : nl.ratingLow;
    const high = nps ? nl.npsHigh : nl.ratingHigh;
    return { kind: question.kind, id: question.id, label, required, min, max, low, high };
  });
  return { title: dutch(survey.title), requiredNote: nl.requiredNote, submit: nl.submit, thanks: nl.thanks, questions };
}
