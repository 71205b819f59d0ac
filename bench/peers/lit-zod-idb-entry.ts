// Render-benchmark floor page entry: "Lit + zod/mini + idb-keyval, nothing else": the hand-written
// Lit survey, whose submit validates with a zod/mini schema and stores with idb-keyval's set().
import { set } from 'idb-keyval';
import * as z from 'zod/mini';
import { defineFloor } from './lit-survey.js';
import { COMMENT, SCALE_QUESTIONS } from './questions.js';

const Answers = z.object({
  ...Object.fromEntries(SCALE_QUESTIONS.map(q => [q.id, z.number().check(z.int(), z.minimum(q.min), z.maximum(q.max))])),
  [COMMENT.id]: z.optional(z.string().check(z.maxLength(1000))),
});

defineFloor('lit-zod-idb-survey', {
  validate: answers => Answers.parse(answers) as Record<string, number | string>,
  persist: answers => set(`feedback:${crypto.randomUUID()}`, answers),
});
