// ESM resolve hook: `import … from 'electron'` gets the recording stub.
const stub = new URL('./electron.cjs', import.meta.url).href;
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: stub, shortCircuit: true, format: 'commonjs' };
  return next(specifier, context);
}
