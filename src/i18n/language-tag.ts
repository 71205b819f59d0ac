/**
 * Throws for a locale `$code` Intl cannot take (empty, `nl_BE`): the dates and numbers shown in it
 * (the report, the kiosk's staff line) would throw at render instead, leaving the element blank.
 */
export function languageTag(code: string, caller: string): void {
  try {
    Intl.getCanonicalLocales(code);
  } catch {
    throw new TypeError(`${caller}(): $code "${code}" is no language tag`);
  }
}
