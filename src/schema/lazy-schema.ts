/**
 * A zod schema built the first time something uses it. Building a zod schema runs code (each
 * check, shape and union is instantiated), and before the survey's first paint only the attribute
 * schemas are needed: the others check answers at submit, acknowledgements and stored records.
 * Built eagerly, they were about half of the CDN module's run time before the first paint
 * (a CPU profile of the render bench, 2026-12-06).
 *
 * The proxy forwards reads, `in`, writes and the prototype to the built schema, so `z.safeParse`,
 * `z.optional`, `instanceof`, `.check()` and `z.toJSONSchema` see a zod schema, and `z.infer` its type.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build());
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => Reflect.get(schema(), key),
    has: (_, key) => Reflect.has(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
