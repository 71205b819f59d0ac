// The one place that hands a file to the browser's download: an object URL on a link that is
// clicked inside the element (so a host can still see and cancel the click), then revoked.

/** Long enough for any browser to start reading the file (FileSaver.js waits 40 s too). */
const REVOKE_AFTER_MS = 40_000;

/** Offers `blob` as a download named `name`; `root` holds the link for the moment of the click. */
export function saveFile(blob: Blob, name: string, root: Node & ParentNode): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  root.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
