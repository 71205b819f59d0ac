import type { LocalizedText, Survey } from '../schema/survey.js';
import type { DefaultSurveyText } from './messages.js';
import { availableLocales, resolveLocale } from './registry.js';

export const DEFAULT_SURVEY_ID = 'service-quality';
export const DEFAULT_SURVEY_VERSION = 1;

/** The five service dimensions (SERVQUAL, seed 004), in the order respondents see them. */
export const DIMENSIONS = ['reliability', 'credibility', 'tangibles', 'empathy', 'responsiveness'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

type Overrides = Partial<DefaultSurveyText> | undefined;

/** The text in every registered locale; a host's override stands for whichever one is shown. */
function text(key: keyof DefaultSurveyText, overrides: Overrides): LocalizedText {
  const result: LocalizedText = {};
  for (const code of availableLocales()) {
    result[code] = (typeof overrides?.[key] === 'string' && overrides[key]) || resolveLocale(code).defaultSurvey[key];
  }
  return result;
}

/**
 * The built-in survey: five dimensions rated 1–5 (required), NPS 0–10 (required) and an
 * optional comment, labelled in every registered locale. Its id and version stay fixed so
 * results remain comparable over the years.
 * @param overrides a host's texts (from `messages.defaultSurvey`), used in every language
 */
export function defaultSurvey(overrides?: Partial<DefaultSurveyText>): Survey {
  return {
    id: DEFAULT_SURVEY_ID,
    version: DEFAULT_SURVEY_VERSION,
    title: text('title', overrides),
    questions: [
      ...DIMENSIONS.map(id => ({ kind: 'rating' as const, id, label: text(id, overrides), required: true })),
      { kind: 'nps', id: 'nps', label: text('nps', overrides), required: true },
      { kind: 'comment', id: 'comment', label: text('comment', overrides) },
    ],
  };
}
