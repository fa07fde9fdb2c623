/**
 * Compile-time guarantees of topics, groups and routers. Each
 * `@ts-expect-error` line must fail to type check (`deno check` reports an
 * unused directive otherwise); none of them runs.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type ActorRef,
  type Broker,
  defineActor,
  group,
  type GroupChange,
  groupRouter,
  type ProcessGroups,
  type Topic,
  topic,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";

type Price = { readonly symbol: string; readonly price: number };
type BookMsg = Price | { readonly type: "reset" };
const prices = topic<Price>("prices");
const words = topic<string>("words");
const workers = group<BookMsg>("workers");

/** Type checks only: the body is never executed. */
function compileTimeChecks(
  broker: Broker,
  groups: ProcessGroups,
  book: ActorRef<BookMsg>,
  other: ActorRef<number>,
  changes: ActorRef<GroupChange<BookMsg>>,
): void {
  broker.publish(prices, { symbol: "AAPL", price: 1 });
  // @ts-expect-error: a message of another type does not compile
  broker.publish(prices, "AAPL");
  // @ts-expect-error: a field of the wrong type does not compile
  broker.publish(prices, { symbol: "AAPL", price: "1" });
  // @ts-expect-error: a topic of one type is not a topic of another
  const wrongTopic: Topic<string> = prices;
  void wrongTopic;
  // @ts-expect-error: nor is it a topic of a wider type
  const widened: Topic<Price | number> = prices;
  void widened;

  broker.subscribe(prices, book);
  // @ts-expect-error: the subscriber must accept the topic's messages
  broker.subscribe(prices, other);
  broker.subscribe(prices, other, (p) => p.price);
  // @ts-expect-error: the mapper must produce the subscriber's messages
  broker.subscribe(prices, other, (p) => p.symbol);

  groups.join(workers, book);
  // @ts-expect-error: a member must accept the group's messages
  groups.join(workers, other);
  const members: readonly ActorRef<BookMsg>[] = groups.members(workers);
  void members;
  groups.monitor(workers, changes);
  // @ts-expect-error: a watcher must accept the changes, or map them
  groups.monitor(workers, other);
  groups.monitor(workers, other, (change) => change.refs.length);

  const router = groupRouter(groups, workers, {
    strategy: "consistent-hash",
    hashKey: (msg) => ("symbol" in msg ? msg.symbol : ""),
  });
  router.tell({ type: "reset" });
  // @ts-expect-error: a router accepts only the group's messages
  router.tell({ type: "clear" });

  defineActor({
    init: (_: void, ctx) => {
      ctx.subscribe(prices);
      ctx.subscribe(words, (word) => ({ symbol: word, price: 0 }));
      // @ts-expect-error: the topic's messages are not this actor's
      ctx.subscribe(words);
      // @ts-expect-error: the mapper must produce this actor's messages
      ctx.subscribe(words, (word) => word.length);
      ctx.publish(words, "hello");
      // @ts-expect-error: publishing from a context is typed too
      ctx.publish(words, 5);
    },
    receive: (_: void, _msg: BookMsg) => {},
  });
}

describe("pub/sub typing", () => {
  test("correctly typed topics, groups and routers compile", async () => {
    await using kit = new TestKit();
    assert.equal(prices.name, "prices");
    assert.equal(Object.keys(prices).includes("~message"), false);
    assert.deepEqual(JSON.parse(JSON.stringify(workers)), {
      kind: "group",
      name: "workers",
    });
    assert.equal(kit.system.status, "running");
    assert.equal(typeof compileTimeChecks, "function");
  });
});
