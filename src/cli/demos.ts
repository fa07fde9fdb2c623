/**
 * The apps the `understudy` binary embeds, selectable with `--demo NAME`:
 * the seed's trading system.
 *
 * @module
 */

import { Catalog } from "../../http.ts";
import { type App, defineApp } from "../../server.ts";
import {
  registerTradingKinds,
  tradingSystem,
} from "../../examples/trading/mod.ts";

/**
 * The trading demo: its kinds in the catalog, and the trading supervisor
 * started at `/trading`, trading continuously.
 *
 * @returns The app.
 */
export function tradingApp(): App {
  const catalog = new Catalog();
  registerTradingKinds(catalog);
  return defineApp({
    name: "trading",
    catalog,
    start(system, { log }) {
      system.spawn(tradingSystem({ continuous: true, log }), {
        name: "trading",
      });
    },
  });
}

/**
 * Every embedded demo by name, built fresh.
 *
 * @returns The demos.
 */
export function demos(): Record<string, App> {
  return { trading: tradingApp() };
}
