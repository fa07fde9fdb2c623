/**
 * Hosting an understudy system: {@linkcode defineApp} describes your system
 * (the kinds clients may spawn, and the initial supervision tree), and
 * {@linkcode serve} runs it behind the HTTP control plane and the dashboard,
 * with the flags of `understudy serve`, signals and a graceful shutdown.
 *
 * A `main.ts` of a few lines compiled with `bun build --compile` (or
 * `deno compile`) is a standalone binary carrying your app; or run the app
 * module with the `understudy` binary: `understudy serve ./app.ts`. See
 * `docs/server.md`.
 *
 * @example app.ts: a counter clients can spawn, and one started at boot
 * ```ts
 * import { defineActor, type ReplyPort } from "@understudy/runtime";
 * import { Catalog } from "@understudy/runtime/http";
 * import { defineApp } from "@understudy/runtime/server";
 *
 * export type Msg = { type: "add"; n: number } | { type: "get"; replyTo: ReplyPort<number> };
 * export const counter = defineActor({
 *   kind: "counter",
 *   init: (start: number) => start,
 *   receive(total: number, msg: Msg) {
 *     if (msg.type === "add") return total + msg.n;
 *     msg.replyTo.reply(total);
 *   },
 * });
 *
 * export default defineApp({
 *   name: "counters",
 *   catalog: new Catalog().register("counter", {
 *     definition: counter,
 *     args: (x) => Number.isInteger(x) ? { value: x as number } : { issues: [{ message: "must be an integer" }] },
 *   }),
 *   start(system) {
 *     system.spawn(counter, { name: "total", args: 0 });
 *   },
 * });
 * ```
 *
 * @example main.ts: the standalone binary
 * ```ts ignore
 * import { serve } from "@understudy/runtime/server";
 * import app from "./app.ts";
 * await serve({ app }); // bun build --compile main.ts --outfile counters
 * ```
 *
 * @module
 */

export { defineApp } from "./src/server/app.ts";
export type { App, AppContext } from "./src/server/app.ts";
export { serve } from "./src/server/serve.ts";
export type { ServeOptions } from "./src/server/serve.ts";
export { AppLoadError } from "./src/server/load_app.ts";
export { AppStartError, startServer } from "./src/server/start.ts";
export type {
  RunningServer,
  ShutdownReport,
  StartOptions,
} from "./src/server/start.ts";
export type { DrainResult } from "./src/server/drain.ts";
export type { ClusterJoin } from "./src/server/cluster_flags.ts";
export type { TallyFigures } from "./src/server/tally.ts";
export type {
  FetchHandler,
  HostRuntime,
  HttpServer,
  ListenOptions,
  SelfModules,
  TermSignal,
} from "./src/server/runtime.ts";
export { currentRuntime } from "./src/server/runtime.ts";
export { UsageError } from "./src/server/usage_error.ts";
/**
 * The core's types, which this entry's signatures mention, re-exported as
 * types so this entry's API documents itself: they are the same types as
 * `@understudy/runtime`'s.
 */
export type * from "./mod.ts";
/** The control plane's and the cluster's types, which this entry's signatures mention. */
export type * from "./http.ts";
export type * from "./cluster.ts";
