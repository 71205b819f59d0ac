import { TAG_AGAIN, type Survey } from '../schema/survey.js';
import { validateSurvey, type Validated } from '../schema/validate.js';

/**
 * A survey definition read back from the database. One stored before texts giving a language twice
 * in another case (`nl` and `NL`) were refused still reads, without the later tag (the element
 * showed the first): the answers kiosks hold for that version must not become dead letters.
 * Survey files and new registrations are still refused for it.
 */
export function readStoredSurvey(stored: unknown): Validated<Survey> {
  const checked = validateSurvey(stored);
  if (checked.ok) return checked;
  const repeats = checked.issues.filter(issue => issue.message.endsWith(TAG_AGAIN));
  if (repeats.length === 0) return checked;
  const copy: unknown = structuredClone(stored);
  for (const { path } of repeats) {
    const text = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], copy);
    if (text && typeof text === 'object') delete (text as Record<PropertyKey, unknown>)[path.at(-1)!];
  }
  return validateSurvey(copy);
}
