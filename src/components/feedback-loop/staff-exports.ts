/**
 * The staff panel's two downloads, as `blob:` URLs: the refused answers, and the waiting ones as
 * the endpoint's request body (S15). Made anew with each look at the outbox, revoked on close.
 */
export class StaffExports {
  refused?: string;
  waiting?: string;

  /** Replaces both; a file that is not there (no PIN, nothing in it) gets no link. */
  set(refused: string | false | undefined, waiting: string | false | undefined): void {
    this.revoke();
    this.refused = blobUrl(refused);
    this.waiting = blobUrl(waiting);
  }

  revoke(): void {
    for (const url of [this.refused, this.waiting]) if (url) URL.revokeObjectURL(url);
    this.refused = this.waiting = undefined;
  }
}

function blobUrl(json: string | false | undefined): string | undefined {
  return json ? URL.createObjectURL(new Blob([json], { type: 'application/json' })) : undefined;
}
