// `lib/*` modules start with `import "server-only"`, which throws unless the importer is a React Server
// Components build. Scripts that run lib/ code under plain Node (the operator CLI) load this hook first:
//   tsx --import ./scripts/server-only-hook.mjs scripts/accounts.ts
// It resolves only "server-only", to an empty module. (Not `--conditions=react-server`: that condition
// would also swap react-dom/server for its RSC build, which cannot render the emails.)
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

// Node runs module hooks on a separate thread and loads this file there too; register only once.
if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return nextResolve(specifier, context);
}
