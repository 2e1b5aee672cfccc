// Custom Elements Manifest (custom-elements.json) for editors, Storybook and framework wrappers.
// `npm run build` writes it to dist/custom-elements.json; package.json `customElements` points there.
//
// The elements are registered through a guarded helper, `defineElement('bynet-x', BynetX)`, not
// through `customElements.define` or `@customElement`, so the analyzer cannot see the tag names by
// itself. The plugin below reads those calls and puts each tag on its class.

/** @returns {import('@custom-elements-manifest/analyzer').Plugin} */
function guardedDefinePlugin() {
  /** tag name -> class name, from every `defineElement('tag', Class)` call in the analyzed files */
  const tags = new Map();
  return {
    name: 'bynet-guarded-define',
    analyzePhase({ ts, node }) {
      if (!ts.isCallExpression(node)) return;
      const callee = node.expression;
      if (!ts.isIdentifier(callee) || callee.text !== 'defineElement') return;
      const [tagArg, classArg] = node.arguments;
      if (!tagArg || !classArg || !ts.isStringLiteralLike(tagArg)) return;
      // `defineElement('x', BynetX)` or, after a dynamic import, `defineElement('x', m.BynetX)`.
      const className = ts.isIdentifier(classArg)
        ? classArg.text
        : ts.isPropertyAccessExpression(classArg)
          ? classArg.name.text
          : undefined;
      if (className) tags.set(tagArg.text, className);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          for (const [tag, className] of tags) {
            if (decl.name !== className) continue;
            decl.tagName = tag;
            decl.customElement = true;
            mod.exports ??= [];
            if (!mod.exports.some((e) => e.kind === 'custom-element-definition' && e.name === tag)) {
              mod.exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name: className, module: mod.path } });
            }
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/**/*.test.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json `customElements` is maintained by hand; the analyzer must not rewrite the file.
  packagejson: false,
  quiet: true,
  plugins: [guardedDefinePlugin()],
};
