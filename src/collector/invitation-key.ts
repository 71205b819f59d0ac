// The key that turns an invitation token into what the collector stores: an HMAC-SHA-256 of the
// survey id and the token. Without the key, the stored value cannot be matched to a sender's list
// of tokens; with it, the same token always gives the same value, so one answer per token holds.
import type { Sql } from './store.js';

/** Where the collector keeps a key it generated (when INVITATION_KEY is not given). */
export const KEY_SETTING = 'invitation-key';
/** An HMAC of a fixed text with the key: tells a wrong key (another instance's, a lost one) at start. */
export const CHECK_SETTING = 'invitation-key-check';
const CHECK_TEXT = 'feedback-loop invitation key check';

/** Makes the stored value of an invitation token. */
export interface InvitationHasher {
  /** Hex of HMAC-SHA-256(key, `${surveyId}\n${token}`); a token has no line break, so this is unambiguous. */
  hash(surveyId: string, token: string): Promise<string>;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
function hex(bytes: ArrayBuffer): string {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += HEX[b];
  return text;
}

interface KeyedHasher extends InvitationHasher {
  /** The check value of this key. */
  check(): Promise<string>;
}

/** A hasher with `key` (its UTF-8 bytes are the HMAC key). */
export async function invitationHasher(key: string): Promise<KeyedHasher> {
  const secret = await crypto.subtle.importKey('raw', utf8(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sign = async (text: string) => hex(await crypto.subtle.sign('HMAC', secret, utf8(text)));
  return { hash: (surveyId, token) => sign(`${surveyId}\n${token}`), check: () => sign(CHECK_TEXT) };
}

const read = async (sql: Sql, key: string) =>
  (await sql.query<{ value: string }>('SELECT value FROM feedback_settings WHERE key = $1', [key]))[0]?.value;

/** The stored value of a setting, after storing `value` unless one is there: two instances agree. */
async function settle(sql: Sql, key: string, value: string): Promise<string> {
  await sql.query('INSERT INTO feedback_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
  return (await read(sql, key))!;
}

/** A wrong key would let a second answer per invitation in, unnoticed: the collector does not start. */
export class InvitationKeyError extends Error {
  override name = 'InvitationKeyError';
}

/**
 * The hasher for this database. `given` (INVITATION_KEY) is used as it is and never stored; without
 * it, a random key is made the first time and kept in feedback_settings. Either way the database
 * keeps a check value, so an instance with another key refuses to start. A generated key equal to
 * `given` is deleted from the database: that is how it is moved out.
 */
export async function openInvitationKey(sql: Sql, given?: string): Promise<InvitationHasher> {
  const stored = await read(sql, KEY_SETTING);
  if (given === undefined && stored === undefined && (await read(sql, CHECK_SETTING)) !== undefined) {
    throw new InvitationKeyError('INVITATION_KEY: the stored invitation hashes were made with a key given by INVITATION_KEY, not kept in the database. Set the same INVITATION_KEY here.');
  }
  const hasher = await invitationHasher(given ?? (await settle(sql, KEY_SETTING, randomKey())));
  const check = await hasher.check();
  if ((await settle(sql, CHECK_SETTING, check)) !== check) {
    throw new InvitationKeyError(
      'INVITATION_KEY is not the key the stored invitation hashes were made with, so a second answer per invitation would be stored. ' +
        `Set the key the other instances use (or the value of '${KEY_SETTING}' in feedback_settings, if the collector made it).`,
    );
  }
  if (given !== undefined && stored === given) await sql.query('DELETE FROM feedback_settings WHERE key = $1', [KEY_SETTING]);
  return { hash: hasher.hash };
}

function randomKey(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)).buffer);
}
