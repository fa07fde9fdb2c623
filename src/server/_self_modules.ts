/**
 * The package's own public modules by the specifiers an app imports them
 * with, loaded lazily so that the server entry and this file do not import
 * each other at start-up.
 *
 * @module
 */

import type { SelfModules } from "./runtime.ts";

/**
 * The public entry points of this copy of the package.
 *
 * @returns The namespaces by specifier (`@understudy/runtime`, `/http`,
 * `/testing`, `/server`, `/cluster`).
 */
export async function selfModules(): Promise<SelfModules> {
  const [core, http, testing, server, cluster] = await Promise.all([
    import("../../mod.ts"),
    import("../../http.ts"),
    import("../../testing.ts"),
    import("../../server.ts"),
    import("../../cluster.ts"),
  ]);
  return {
    "@understudy/runtime": { ...core },
    "@understudy/runtime/http": { ...http },
    "@understudy/runtime/testing": { ...testing },
    "@understudy/runtime/server": { ...server },
    "@understudy/runtime/cluster": { ...cluster },
  };
}
