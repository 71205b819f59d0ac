// Render-benchmark peer: SurveyJS Form Library (survey-core + survey-js-ui, Dutch UI strings),
// showing our default survey's questions on one page. Its default theme (fontless variant) is
// bundled separately by scripts/bench-render.mjs and linked from surveyjs.html.
import { Model } from 'survey-core';
import 'survey-js-ui'; // registers the preact-based renderer: Model.prototype.render
import 'survey-core/i18n/dutch'; // "Verzenden" and the other UI strings in Dutch
import { TEXT } from './questions.js';

const survey = new Model({
  title: TEXT.title,
  locale: 'nl',
  showQuestionNumbers: 'off',
  elements: TEXT.questions.map(q =>
    q.kind === 'comment'
      ? { type: 'comment', name: q.id, title: q.label, isRequired: q.required }
      : {
          type: 'rating',
          name: q.id,
          title: q.label,
          isRequired: q.required,
          rateMin: q.min,
          rateMax: q.max,
          // 'auto' turns the 11 NPS options into a dropdown in an 800 px wide window.
          displayMode: 'buttons',
          minRateDescription: q.low,
          maxRateDescription: q.high,
        },
  ),
});
survey.completeText = TEXT.submit;
survey.render(document.getElementById('survey')!);
