/**
 * A national 0 in brackets after a country code, as in `+32 (0)470 …`: written, never dialled.
 * The SQL drops it from the stored numbers the same way (contact-sql.ts).
 */
export const BRACKETED_ZERO = '(\\S)\\s*\\(0\\)';

/** Digits, after a `+` when the number had one; a leading `00` is the same as `+`. */
function normalize(phone: string): string {
  const digits = phone.replace(new RegExp(BRACKETED_ZERO, 'g'), '$1').replace(/\D/g, '');
  if (phone.trimStart().startsWith('+')) return `+${digits}`;
  return digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
}

// A stored number may start with either; a country code is 1 to 3 digits and never starts with 0.
const INTERNATIONAL = '(\\+|00)';
const COUNTRY = '[1-9][0-9]{0,2}';

/**
 * A POSIX regular expression (PostgreSQL `~`) for the stored numbers, stripped of everything but
 * digits and `+`, that are `phone`: the same digits, or one in national form (`0470…`) and the other
 * `+`/`00`, a country code and the national number without its 0. The national form names no
 * country, so it matches every country code. A number with neither 0 nor `+` matches only itself.
 */
export function phonePattern(phone: string): string {
  const number = normalize(phone);
  if (number.startsWith('+')) {
    const digits = number.slice(1);
    // Each split of the country code, where one is possible, and its national form.
    const national = [1, 2, 3].filter(n => /^[1-9]/.test(digits) && /^[1-9]/.test(digits.slice(n))).map(n => `0${digits.slice(n)}`);
    return `^(${[`${INTERNATIONAL}${digits}`, ...national].join('|')})$`;
  }
  if (/^0[1-9]/.test(number)) return `^(${number}|${INTERNATIONAL}${COUNTRY}${number.slice(1)})$`;
  return `^${number}$`;
}
