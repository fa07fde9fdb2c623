/**
 * The trading kinds as the control plane sees them: what a client may spawn,
 * tell and ask over HTTP, each message checked by a plain validation function
 * (any Standard Schema validator, such as zod's, would do as well).
 *
 * @module
 */

import type { ReplyPort } from "@understudy/runtime";
import type { Catalog } from "@understudy/runtime/http";
import type { BookMsg, ExecutorMsg, Order, RiskMsg } from "./messages.ts";
import { orderBook } from "./order_book.ts";
import { orderExecutor } from "./order_executor.ts";
import { riskManager } from "./risk_manager.ts";

type Issue = { message: string; path?: (string | number)[] };
type Checked<T> = { value: T } | { issues: Issue[] };

function isObject(input: unknown): input is Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input);
}

/** Rejects fields outside `allowed`, naming them. */
function unknownFields(
  input: Record<string, unknown>,
  allowed: readonly string[],
): Issue[] {
  return Object.keys(input).filter((key) => !allowed.includes(key)).map((
    key,
  ) => ({ message: `unknown field "${key}"`, path: [key] }));
}

/** Checks an order: id, symbol, side, positive quantity and price. */
export function checkOrder(input: unknown): Checked<Order> {
  if (!isObject(input)) {
    return { issues: [{ message: "order must be an object" }] };
  }
  const issues = unknownFields(input, [
    "orderId",
    "symbol",
    "side",
    "quantity",
    "price",
  ]);
  const { orderId, symbol, side, quantity, price } = input;
  if (typeof orderId !== "string" || orderId === "") {
    issues.push({ message: "must be a non-empty string", path: ["orderId"] });
  }
  if (typeof symbol !== "string" || symbol === "") {
    issues.push({ message: "must be a non-empty string", path: ["symbol"] });
  }
  if (side !== "buy" && side !== "sell") {
    issues.push({ message: 'must be "buy" or "sell"', path: ["side"] });
  }
  if (!Number.isInteger(quantity) || (quantity as number) <= 0) {
    issues.push({ message: "must be a positive integer", path: ["quantity"] });
  }
  if (typeof price !== "number" || !(price > 0) || !Number.isFinite(price)) {
    issues.push({ message: "must be a positive number", path: ["price"] });
  }
  return issues.length > 0 ? { issues } : { value: input as unknown as Order };
}

function orderMessage<T extends string>(
  type: T,
): (input: unknown) => Checked<{ type: T; order: Order }> {
  return (input) => {
    if (!isObject(input) || input.type !== type) {
      return {
        issues: [{ message: `message must be { type: "${type}", order }` }],
      };
    }
    const extra = unknownFields(input, ["type", "order"]);
    const order = checkOrder(input.order);
    if ("issues" in order) {
      return {
        issues: [
          ...extra,
          ...order.issues.map((i) => ({
            ...i,
            path: ["order", ...(i.path ?? [])],
          })),
        ],
      };
    }
    return extra.length > 0
      ? { issues: extra }
      : { value: { type, order: order.value } };
  };
}

/**
 * Registers the order executor, risk manager and order book.
 *
 * @param catalog The catalog to add to.
 * @returns The same catalog.
 */
export function registerTradingKinds(catalog: Catalog): Catalog {
  return catalog
    .register("order-executor", {
      definition: orderExecutor,
      description: "Executes approved orders and counts them.",
      message: orderMessage("execute") as (
        input: unknown,
      ) => Checked<ExecutorMsg>,
      ask: {
        build: (_input, replyTo) => ({
          type: "executed-count",
          replyTo: replyTo as ReplyPort<number>,
        }),
      },
    })
    .register("risk-manager", {
      definition: riskManager,
      description:
        "Checks orders against a position limit and forwards them to an executor; fails on ORDER-FAIL.",
      args: (input: unknown) => {
        if (input === undefined) return { value: {} };
        if (!isObject(input)) {
          return { issues: [{ message: "args must be an object" }] };
        }
        const issues = unknownFields(input, ["maxPositionSize", "executor"]);
        const { maxPositionSize, executor } = input;
        if (
          maxPositionSize !== undefined &&
          (!Number.isInteger(maxPositionSize) ||
            (maxPositionSize as number) <= 0)
        ) {
          issues.push({
            message: "must be a positive integer",
            path: ["maxPositionSize"],
          });
        }
        if (executor !== undefined && typeof executor !== "string") {
          issues.push({
            message: "must be a registered actor name",
            path: ["executor"],
          });
        }
        return issues.length > 0 ? { issues } : {
          value: input as { maxPositionSize?: number; executor?: string },
        };
      },
      message: ((input: unknown) =>
        isObject(input) && input.type === "reset" &&
          Object.keys(input).length === 1
          ? { value: { type: "reset" } }
          : orderMessage("check")(input)) as (
          input: unknown,
        ) => Checked<RiskMsg>,
      ask: {
        build: (_input, replyTo) => ({
          type: "exposure",
          replyTo: replyTo as ReplyPort<number>,
        }),
      },
    })
    .register("order-book", {
      definition: orderBook,
      description: "Keeps the best bid and ask; routes orders to risk checks.",
      message: orderMessage("place") as (input: unknown) => Checked<BookMsg>,
      ask: {
        input: (input: unknown) =>
          input === "bid" || input === "ask"
            ? { value: input }
            : { issues: [{ message: 'input must be "bid" or "ask"' }] },
        build: (input, replyTo) => ({
          type: input === "bid" ? "best-bid" : "best-ask",
          replyTo: replyTo as ReplyPort<number | null>,
        }),
      },
    });
}
