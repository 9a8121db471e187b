// The control plane's own layers (issue 20 §5). A module of src-server is one of its folders,
// or a file at its top; each may import its own files and the modules of lower layers, never
// a module beside it or above it. So db never reaches identity, nothing below http reaches an
// HTTP route, and no two modules can import each other. Tests compose the whole server and
// are exempt; eslint/importCycles.test.ts checks that no file imports itself round a loop.

/** Bottom first. */
export const serverLayers = [
  // the stylesheet of the server's own pages (httpIo's pages link it)
  ['pageStyle'],
  // settings, HTTP reply helpers, keys and TOTP, a wakeable sleep: they import no module
  ['config', 'httpIo', 'secrets', 'wakeableSleep'],
  ['db'],
  // guessing limits and request rates, kept in the database
  ['limits'],
  ['identity', 'jit', 'recordings', 'audit'],
  // the gateway provisions JIT accounts and uploads recordings
  ['gateway'],
  ['http'],
  // the composition: demo data and the API key command, the public entry, the command line
  ['demo', 'apiKeyCommand'],
  ['index'],
  ['cli'],
];

const rankOf = new Map(serverLayers.flatMap((modules, rank) => modules.map((name) => [name, rank])));

/** The module of a path inside src-server (`db/catalog.ts` → db, `index.ts` → index). */
export function serverModuleOf(inServer) {
  const [first, ...rest] = inServer.split('/');
  return rest.length > 0 ? first : first.replace(/\.tsx?$/, '');
}

/** Why a src-server file may not import another (both relative to src-server); undefined when it may. */
export function serverLayerViolation(fromInServer, toInServer) {
  const from = serverModuleOf(fromInServer);
  const to = serverModuleOf(toInServer);
  for (const name of [from, to]) {
    if (!rankOf.has(name)) return `src-server/${name} is in no server layer: place it in eslint/serverLayers.js`;
  }
  if (from === to || rankOf.get(to) < rankOf.get(from)) return undefined;
  const where = rankOf.get(to) === rankOf.get(from) ? 'beside it' : 'above it';
  return `server ${from} may not import ${to}, a layer ${where} (eslint/serverLayers.js)`;
}
