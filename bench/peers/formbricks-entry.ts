// Render-benchmark peer: Formbricks' survey renderer (@formbricks/surveys, renderSurveyInline),
// showing our default survey's questions. Formbricks shows one question per card, so at first
// paint only the first rating is in the DOM. Its types import an unpublished package, so the
// survey object is written from the zod schemas inside its dist/index.mjs.
import { renderSurveyInline } from '@formbricks/surveys';
import { TEXT } from './questions.js';

const BACK = 'Terug';

const survey = {
  id: 'bench-survey',
  type: 'link', // 'web' adds an auto-close bar
  welcomeCard: { enabled: false }, // required, or the renderer throws
  thankYouCard: { enabled: true, headline: TEXT.thanks, subheader: '' },
  autoClose: null,
  redirectUrl: null,
  styling: {},
  questions: TEXT.questions.map(q => {
    const common = { id: q.id, headline: q.label, required: q.required, backButtonLabel: BACK };
    if (q.kind === 'comment') {
      return { ...common, type: 'openText', longAnswer: true, inputType: 'text', buttonLabel: TEXT.submit };
    }
    if (q.kind === 'nps') return { ...common, type: 'nps', lowerLabel: q.low, upperLabel: q.high };
    return { ...common, type: 'rating', scale: 'number', range: q.max, lowerLabel: q.low, upperLabel: q.high };
  }),
};

renderSurveyInline({
  survey,
  containerId: 'survey',
  brandColor: '#1d4ed8', // our --feedback-color-accent default; required by the renderer
  isBrandingEnabled: false,
  onDisplay: () => {},
  onResponse: () => {},
  onClose: () => {},
});
