/**
 * Loading an app module at run time (`understudy serve ./app.ts`): the
 * module's default export (or its export named `app`) must be an
 * {@linkcode App}.
 *
 * Deno and Bun both transpile TypeScript on import, and so does the
 * Bun-compiled `understudy` binary, which carries Bun's transpiler. On Bun,
 * the module's imports of `@understudy/runtime` (and `/http`, `/testing`,
 * `/server`, `/cluster`) resolve to the copy inside the running program, so that its
 * `Catalog` and actor definitions are the ones the server knows. On Deno
 * they resolve through the `deno.json` found from the working directory.
 *
 * @module
 */

import { type App, appProblem } from "./app.ts";
import type { HostRuntime } from "./runtime.ts";
import { selfModules } from "./_self_modules.ts";

/** An app module that cannot be loaded or is not an app. */
export class AppLoadError extends Error {
  /**
   * Creates the error.
   *
   * @param message What went wrong, in the Deno std style.
   * @param options The underlying cause, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AppLoadError";
  }
}

/**
 * Imports an app module and checks its export.
 *
 * @param runtime The host adapter, which imports the file.
 * @param path The module's path, relative to the working directory.
 * @returns The app.
 * @throws {AppLoadError} When the module cannot be imported or exports no
 * valid app.
 */
export async function loadApp(
  runtime: Pick<HostRuntime, "importModule">,
  path: string,
): Promise<App> {
  let module: Record<string, unknown>;
  try {
    module = await runtime.importModule(path, await selfModules()) as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw new AppLoadError(
      `Cannot load app "${path}": ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
  const app = module.default ?? module.app;
  if (app === undefined) {
    throw new AppLoadError(
      `Cannot load app "${path}": it has no default export (write "export default defineApp({ ... })")`,
    );
  }
  const problem = appProblem(app);
  if (problem !== null) {
    throw new AppLoadError(`Cannot load app "${path}": ${problem}`);
  }
  return app as App;
}
