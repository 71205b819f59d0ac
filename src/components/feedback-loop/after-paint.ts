/**
 * Runs `callback` in the first task after the next frame is painted; returns a cancel function.
 * For start-up work the first render does not need (IndexedDB, shown counts): done before the
 * paint, it delays the survey appearing. A hidden page runs no animation frames, so there the
 * next task does.
 */
export function afterPaint(callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (document.visibilityState === 'hidden') {
    timer = setTimeout(callback);
    return () => clearTimeout(timer);
  }
  const frame = requestAnimationFrame(() => (timer = setTimeout(callback)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
