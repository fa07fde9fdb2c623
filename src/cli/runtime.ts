/**
 * The host adapter, as the binary uses it: the server layer's
 * {@linkcode HostRuntime} (the one module that touches `Deno.*`, `Bun.*` and
 * `node:*` lives in `src/server/runtime.ts`).
 *
 * @module
 */

export { currentRuntime } from "../server/runtime.ts";
export type {
  FetchHandler,
  HostRuntime,
  HttpServer,
  ListenOptions,
  TermSignal,
} from "../server/runtime.ts";
