/**
 * A zod schema built the first time something uses it. Building a zod schema runs code (each
 * check, shape and union is instantiated), and before the survey's first paint only the attribute
 * schemas are needed: the others check answers at submit, acknowledgements and stored records.
 * Built eagerly, they were about half of the CDN module's run time before the first paint
 * (a CPU profile of the render bench, 2026-12-06). Attribute schemas stay plain: they are built
 * before the first paint anyway.
 *
 * The proxy forwards reads, writes, `in`, property definitions and deletions and the prototype to
 * the built schema, with itself as the receiver: zod 4.6 binds a method to the object it is read
 * through, so `schema.check()`, `.register()` and `.brand()` act on (and return) the exported
 * schema, as they would without the proxy. What it cannot pass on: own-key reflection
 * (`Object.keys`, spread and `JSON.stringify` see an empty object), freezing, and `issue.inst` in an
 * error map, which is the built schema.
 */
export function lazySchema<T extends object>(build: () => T): T {
  const schema = once(build);
  return new Proxy(Object.create(null) as T, {
    get: (_, key, receiver) => Reflect.get(schema(), key, receiver),
    set: (_, key, value, receiver) => Reflect.set(schema(), key, value, receiver),
    has: (_, key) => Reflect.has(schema(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}

/** `make`, run on the first call only; later calls return what it made. */
export function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
