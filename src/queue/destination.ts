/** The endpoint of an element whose custom transport was given no valid `endpoint` to name it. */
export const CUSTOM_TRANSPORT = 'custom-transport';

/**
 * The start of the name of every queue whose answers go where `queue`'s go: its endpoint's (S26).
 * A custom transport without an endpoint names no destination, so only its survey's other versions
 * count as the same one: another survey's custom transport may be another agency's.
 */
export function destinationOf({ queue, endpoint }: { queue: string; endpoint: string }): string {
  return endpoint == CUSTOM_TRANSPORT ? queue.replace(/\d+$/, '') : `${endpoint}|`;
}
