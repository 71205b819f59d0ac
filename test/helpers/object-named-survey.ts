import type { Survey } from '../../src/schema/survey.js';

/** A survey whose optional questions are named like Object methods: answers must be read by own key. */
export const OBJECT_NAMED_SURVEY: Survey = {
  id: 'object-names',
  version: 1,
  questions: [
    { kind: 'rating', id: 'constructor', label: { en: 'Building?', nl: 'Gebouw?' } },
    { kind: 'comment', id: 'toString', label: { en: 'Remarks', nl: 'Opmerking' } },
    { kind: 'nps', id: 'valueOf', label: { en: 'Recommend?', nl: 'Aanbevelen?' } },
  ],
};
