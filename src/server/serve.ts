/**
 * `serve()`: the whole server behind one call, for a user's own `main.ts`
 * and for `understudy serve`. It reads the same flags either way (see
 * {@linkcode serveHelp}), picks the app (compiled in, `--app`/positional
 * module loaded at run time, or an embedded demo), and runs until a signal.
 *
 * @module
 */

import type { App } from "./app.ts";
import { AppLoadError, loadApp } from "./load_app.ts";
import { runServer } from "./run.ts";
import { currentRuntime, type HostRuntime } from "./runtime.ts";
import { parseServeArgs, type ServeArgs } from "./serve_args.ts";
import { serveHelp } from "./serve_help.ts";
import { UsageError } from "./usage_error.ts";
import { versionLine } from "./version.ts";

/** Options for {@linkcode serve}. */
export interface ServeOptions {
  /**
   * The app this program carries. Defaults to none: the command line must
   * name an app module (`APP` or `--app`) or a demo.
   */
  readonly app?: App;
  /** Embedded apps selectable with `--demo NAME`. Defaults to none. */
  readonly demos?: Readonly<Record<string, App>>;
  /**
   * The command line (serve flags only). Defaults to the process's
   * arguments.
   */
  readonly args?: readonly string[];
  /** The program's name in help and errors. Defaults to `"understudy serve"`. */
  readonly usage?: string;
}

/**
 * Serves an app with the control plane and the dashboard, reading the flags
 * of `understudy serve` from the command line, and exits the process when
 * the server has stopped: 0 after SIGINT/SIGTERM and a graceful shutdown, 1
 * when a failure escalates out of the app's own tree or the server cannot
 * start, 2 on a command-line error.
 *
 * @param options The app, demos and command line.
 * @returns Never: it ends the process.
 * @example A standalone binary around your app
 * ```ts ignore
 * // main.ts; build with: bun build --compile main.ts --outfile shop
 * import { serve } from "@understudy/runtime/server";
 * import app from "./app.ts";
 *
 * await serve({ app });
 * ```
 */
export async function serve(options: ServeOptions = {}): Promise<never> {
  const runtime = currentRuntime();
  return runtime.exit(await serveMain(runtime, options));
}

/**
 * What {@linkcode serve} does, without ending the process.
 *
 * @param runtime The host adapter (a fake one in tests).
 * @param options The app, demos and command line.
 * @returns The exit status.
 */
export async function serveMain(
  runtime: HostRuntime,
  options: ServeOptions = {},
): Promise<number> {
  const usage = options.usage ?? "understudy serve";
  const argv = options.args ?? runtime.args;
  const demos = options.demos ?? {};
  if (argv.some((arg) => arg === "-h" || arg === "--help")) {
    runtime.print(
      serveHelp(usage, Object.keys(demos), options.app !== undefined),
    );
    return 0;
  }
  if (argv.length === 1 && argv[0] === "--version") {
    runtime.print(versionLine(runtime));
    return 0;
  }
  try {
    const args = parseServeArgs(argv);
    const { app, label } = await chooseApp(runtime, args, options);
    return await runServer(runtime, args, app, label);
  } catch (error) {
    if (error instanceof UsageError) {
      runtime.printError(`understudy: ${error.message}`);
      runtime.printError(`Run "${usage} --help" for usage`);
      return 2;
    }
    if (error instanceof AppLoadError) {
      runtime.printError(`understudy: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function chooseApp(
  runtime: HostRuntime,
  args: ServeArgs,
  options: ServeOptions,
): Promise<{ app: App; label: string }> {
  const demos = options.demos ?? {};
  if (args.app !== undefined) {
    if (options.app !== undefined) {
      throw new UsageError(
        `This program carries its own app: it cannot load "${args.app}"`,
      );
    }
    const app = await loadApp(runtime, args.app);
    return { app, label: `app "${app.name ?? args.app}" from ${args.app}` };
  }
  if (args.demo !== undefined) {
    if (args.demo === "none") return { app: {}, label: "an empty system" };
    const demo = Object.hasOwn(demos, args.demo) ? demos[args.demo] : undefined;
    if (demo === undefined) {
      const known = [...Object.keys(demos), "none"].map((d) => `"${d}"`);
      throw new UsageError(
        `Invalid value for "--demo": expected ${
          known.join(" or ")
        }, got "${args.demo}"`,
      );
    }
    return { app: demo, label: `demo "${args.demo}"` };
  }
  if (options.app !== undefined) {
    return { app: options.app, label: `app "${options.app.name ?? "app"}"` };
  }
  throw new UsageError(
    `No app to serve: give an app module ("understudy serve ./app.ts"), or a demo ("--demo ${
      [...Object.keys(demos), "none"].join('" or "--demo ')
    }")`,
  );
}
