// Which questions a report has: the scale questions of every version of a survey, so that one
// report spans versions as long as a question keeps its id and kind.
import type { LocalizedText, Survey } from '../schema/survey.js';

export interface ReportQuestion {
  id: string;
  kind: 'rating' | 'nps';
  /** The newest version's label. */
  label: LocalizedText;
  /** Versions in which the question has this kind; answers of other versions are not counted. */
  versions: number[];
}

export interface SurveyCatalog {
  title?: LocalizedText;
  /** The newest version's order, then questions that only older versions have. */
  questions: ReportQuestion[];
  /** Comment questions, for the exports and the report's `hasComments`. */
  comments: CommentColumn[];
}

export interface CommentColumn {
  id: string;
  /** The newest version's label. */
  label: LocalizedText;
  /** Versions in which the question is a comment. */
  versions: number[];
}

/** The catalog of `surveyId` across the given definitions; undefined when none has that id. */
export function surveyCatalog(surveys: readonly Survey[], surveyId: string): SurveyCatalog | undefined {
  const versions = surveys.filter(survey => survey.id === surveyId).sort((a, b) => b.version - a.version);
  if (versions.length === 0) return undefined;
  const questions = new Map<string, ReportQuestion>();
  const comments = new Map<string, CommentColumn>();
  for (const survey of versions) {
    for (const question of survey.questions) {
      if (question.kind === 'comment') {
        const known = comments.get(question.id);
        if (known) known.versions.push(survey.version);
        else comments.set(question.id, { id: question.id, label: question.label, versions: [survey.version] });
      }
      if (question.kind !== 'rating' && question.kind !== 'nps') continue;
      const known = questions.get(question.id);
      if (!known) questions.set(question.id, { id: question.id, kind: question.kind, label: question.label, versions: [survey.version] });
      else if (known.kind === question.kind) known.versions.push(survey.version);
    }
  }
  const newest = versions[0]!;
  return {
    ...(newest.title ? { title: newest.title } : {}),
    questions: [...questions.values()].map(q => ({ ...q, versions: q.versions.sort((a, b) => a - b) })),
    comments: [...comments.values()].map(c => ({ ...c, versions: c.versions.sort((a, b) => a - b) })),
  };
}
