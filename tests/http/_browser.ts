/**
 * Shared setup for the dashboard's browser tests: Debian's
 * `/usr/bin/chromium` driven by playwright-core (never a downloaded browser),
 * and a control plane served on a free loopback port with a catalog and
 * options of the test's choosing.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { ActorSystem } from "../../mod.ts";
import {
  Catalog,
  type ControlPlaneOptions,
  createControlPlane,
} from "../../http.ts";
import { currentRuntime } from "../../src/cli/runtime.ts";
import { missing } from "../cli/_process.ts";

export const CHROMIUM = "/usr/bin/chromium";
/** Why the browser tests are skipped, or `false`. */
export const skip = missing(
  CHROMIUM,
  "install it with: apt-get install -y chromium",
);
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser with its own temporary profile. */
export interface Browser {
  readonly context: BrowserContext;
  /** Opens the page at `url`; script errors fail the test when it closes. */
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Chromium headless.
 *
 * @param viewport The window size.
 * @returns The browser.
 */
export async function launch(
  viewport = { width: 1400, height: 900 },
): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "understudy-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  context.setDefaultTimeout(30_000);
  return {
    context,
    async open(url) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("close", () => assert.deepEqual(errors, [], "script errors"));
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A control plane served over HTTP whose open streams the test can end. */
export interface Served {
  readonly url: string;
  readonly system: ActorSystem;
  /** Ends every open event stream; the server keeps listening. */
  endStreams(): void;
  /** Stops listening, then shuts the system down. */
  close(): Promise<void>;
}

/**
 * Serves a control plane over a fresh system on 127.0.0.1, a free port.
 *
 * @param token The bearer token.
 * @param options More control plane options.
 * @returns The running server.
 */
export function serve(
  token: string,
  options: Partial<ControlPlaneOptions> = {},
): Served {
  const system = new ActorSystem({ name: "observed" });
  const app = createControlPlane({
    system,
    catalog: new Catalog(),
    token,
    ...options,
  });
  // Event streams pass through a transform the test can end, as a proxy
  // or a network drop would, while the server goes on answering.
  const streams = new Set<TransformStreamDefaultController<Uint8Array>>();
  const endStreams = () => {
    for (const controller of streams) {
      try {
        controller.terminate();
      } catch {
        // Already ended.
      }
    }
    streams.clear();
  };
  let closing = false;
  const server = currentRuntime().serve(async (request) => {
    // Once closing, no new request (a reconnecting page) may hold the
    // server open while it shuts down.
    if (closing) return new Response("closing", { status: 503 });
    const response = await app.fetch(request);
    if (closing) {
      await response.body?.cancel();
      return new Response("closing", { status: 503 });
    }
    const type = response.headers.get("content-type") ?? "";
    if (!type.startsWith("text/event-stream") || response.body === null) {
      return response;
    }
    let held!: TransformStreamDefaultController<Uint8Array>;
    const pass = new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        held = controller;
        streams.add(controller);
      },
    });
    response.body.pipeTo(pass.writable).catch(() => {}).finally(() =>
      streams.delete(held)
    );
    return new Response(pass.readable, response);
  }, { hostname: "127.0.0.1", port: 0 });
  let shutdown: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${server.port}`,
    system,
    endStreams,
    close() {
      return shutdown ??= (async () => {
        closing = true;
        endStreams();
        await server.shutdown();
        await system.shutdown();
      })();
    },
  };
}
