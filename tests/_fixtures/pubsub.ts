/**
 * Actors shared by the pub/sub, group and router tests: a recorder that logs
 * what it handles into an array the test holds (the array outlives restarts)
 * and fails on `"crash"`.
 */
import { type ActorDefinition, defineActor, type Topic } from "../../mod.ts";

/** What a recorder accepts: anything; `"crash"` makes it throw. */
export type Recorded = unknown;

/** Logs every message into `log`; throws on `"crash"`. */
export const recorder: ActorDefinition<Recorded, unknown[], unknown[]> =
  defineActor({
    kind: "recorder",
    init: (log: unknown[]) => log,
    receive(log: unknown[], msg: Recorded) {
      if (msg === "crash") throw new Error("crash on request");
      log.push(msg);
    },
  });

/**
 * A recorder that subscribes to `topic` in `init` (so again after each
 * restart), optionally through `map`.
 */
export function subscriber<T>(
  topic: Topic<T>,
  map?: (message: T) => Recorded,
): ActorDefinition<Recorded, unknown[], unknown[]> {
  return defineActor({
    kind: "subscriber",
    init: (log: unknown[], ctx) => {
      if (map === undefined) ctx.subscribe(topic);
      else ctx.subscribe(topic, map);
      return log;
    },
    receive(log: unknown[], msg: Recorded) {
      if (msg === "crash") throw new Error("crash on request");
      log.push(msg);
    },
  });
}
