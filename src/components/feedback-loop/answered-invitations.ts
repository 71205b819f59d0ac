import type { FlagStore } from '../../queue/local-flags.js';

/**
 * Whether this browser committed an answer to an email invitation in the last 180 days (the
 * half-year rule), so the same link opened again shows "already received" instead of a form that
 * would send a second answer; with `remember`, records that it now has.
 *
 * One flag, `answered`: at most 20 entries `<day>:<hash>`, newest last; one older than 180 days
 * is ignored, and dropped at the next write. The hash is a 32-bit string hash (Java's), not
 * SHA-256: crypto.subtle is async, so the form would paint before the check and then vanish, and
 * the token is in the URL and the history anyway. 32 bits cannot give a token (8 characters or
 * more) back, only confirm one already known, as SHA-256 would; a wrong match takes 1 chance in
 * 200 million.
 * @param invitation - the survey id and the invitation token
 */
export function answeredHere(store: FlagStore, invitation: string, now: number, remember?: boolean): boolean {
  const today = Math.floor(now / 86_400_000);
  let hash = 0;
  for (const c of invitation) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) | 0;
  // A day in the future (a clock set back) stays, as in the cooldown; the 20 still bound it.
  const recent = (store.get('answered') ?? '').split(' ').filter(e => today - parseInt(e) < 180);
  const others = recent.filter(e => !e.endsWith(`:${hash}`));
  if (remember !== undefined) store.set('answered', [...others, ...(remember ? [`${today}:${hash}`] : [])].slice(-20).join(' '));
  return others.length < recent.length;
}
