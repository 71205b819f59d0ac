// `npm run analyze` (cem --config scripts/custom-elements-manifest.config.mjs). The analyzer writes a
// default as its source text, so `cooldownDays = DEFAULT_COOLDOWN_DAYS` reached editors as the
// constant's name. The constants stay the one place their value is written; this copies it over.

const CONSTANT = /^[A-Z][A-Z0-9_]*$/;

/** Exported UPPER_SNAKE constants by name; one declared twice is left out, as it is ambiguous. */
function constantsOf(declarations) {
  const constants = new Map();
  for (const d of declarations) {
    if (d.kind !== 'variable' || !CONSTANT.test(d.name) || d.default === undefined) continue;
    constants.set(d.name, constants.has(d.name) ? undefined : d);
  }
  return constants;
}

/** A field's or attribute's default that names a constant becomes the constant's value (`180`), with its type. */
export function constantDefaults() {
  return {
    name: 'feedback-loop-constant-defaults',
    packageLinkPhase({ customElementsManifest }) {
      const declarations = customElementsManifest.modules.flatMap(module => module.declarations ?? []);
      const constants = constantsOf(declarations);
      for (const declaration of declarations) {
        for (const item of [...(declaration.members ?? []), ...(declaration.attributes ?? [])]) {
          const constant = constants.get(item.default);
          if (!constant) continue;
          item.default = constant.default.replace(/(\d)_(?=\d)/g, '$1'); // 30_000 → 30000
          item.type ??= { ...constant.type };
        }
      }
    },
  };
}

export default { plugins: [constantDefaults()] };
