/**
 * The trading system from the ractor seed, rebuilt on understudy's public
 * API: a market data feed, an order book, a risk manager and an order
 * executor under one supervisor. Also the binary's embedded demo.
 *
 * @module
 */

export { tradingNames, tradingSystem } from "./trading_system.ts";
export type { TradingOptions } from "./trading_system.ts";
export { runScenario } from "./scenario.ts";
export type { ScenarioIo, ScenarioStats } from "./scenario.ts";
export { Exchange } from "./exchange.ts";
export type * from "./messages.ts";
export { marketData } from "./messages.ts";
export { checkOrder, registerTradingKinds } from "./catalog.ts";
