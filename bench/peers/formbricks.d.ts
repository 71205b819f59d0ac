// Types for the render benchmark's Formbricks peer (formbricks-entry.ts): @formbricks/surveys 1.99
// publishes a dist/index.d.ts that its package.json "exports" hides and that imports an
// unpublished package, so only the call the peer makes is declared here.
declare module '@formbricks/surveys' {
  export interface InlineSurveyProps {
    survey: object;
    containerId: string;
    brandColor: string;
    isBrandingEnabled?: boolean;
    onDisplay?: () => void;
    onResponse?: (response: { data: Record<string, unknown>; finished: boolean }) => void;
    onClose?: () => void;
  }
  export function renderSurveyInline(props: InlineSurveyProps): void;
}
