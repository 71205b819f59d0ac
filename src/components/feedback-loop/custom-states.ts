/** The element's `:state(...)` hooks through ElementInternals, where the engine has them. */
export class CustomStates {
  private readonly internals?: ElementInternals;

  constructor(host: HTMLElement) {
    try {
      this.internals = host.attachInternals();
    } catch {
      // Custom states are progressive enhancement; the element works without them.
    }
  }

  set(name: string, on: boolean): void {
    try {
      if (on) this.internals?.states.add(name);
      else this.internals?.states.delete(name);
    } catch {
      // Older engines reject custom state names; styling hooks are optional.
    }
  }
}
