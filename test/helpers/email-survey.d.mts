export interface EmailSurveyFixture {
  id: string;
  version: number;
  title: Record<string, string>;
  questions: Array<{ kind: string; id: string; label: Record<string, string>; required?: boolean } & Record<string, unknown>>;
  [key: string]: unknown;
}
export function emailSurvey(): EmailSurveyFixture;
