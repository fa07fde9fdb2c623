/**
 * The wire format between two nodes. One NATS message carries a batch:
 * a JSON array whose first element is the sending node's name and whose other
 * elements are frames, each a JSON array led by its kind:
 *
 * | kind | frame |
 * | --- | --- |
 * | `TELL` | `[0, path, payload, enc]` |
 * | `ASK` | `[1, path, payload, enc, id, timeoutMs]` (`-1`: none) |
 * | `REPLY` | `[2, id, payload, enc]` |
 * | `FAIL` | `[3, id, error]` |
 * | `WATCH` / `UNWATCH` | `[4, path]` / `[5, path]` |
 * | `DOWN` | `[6, path, reason, error or null]` |
 * | `CALL` | `[7, op, argument, id]` (answered by `REPLY` or `FAIL`) |
 * | `RESYNC` | `[8]`: "I had declared you down" |
 * | `GROUP` | `[9, scope, group, path, 1 join or 0 leave]` |
 * | `LINK` | `[10, id, 1]`: "what follows goes over direct link `id`"; `[10, id, 0, n]`: "link `id` ended after `n` batches, what follows comes over NATS" (sent over NATS only) |
 *
 * Over a direct link (`_links.ts`) a batch is the same array without the
 * sender's name (the link knows it), one per line.
 *
 * `enc` says how `payload` is written: `0` plain JSON, `1` JSON with ref or
 * port markers to revive, `2` a string from a custom codec.
 *
 * @module
 */

/** Frame kinds. */
export const TELL = 0;
/** An ask. */
export const ASK = 1;
/** The reply to an ask or call. */
export const REPLY = 2;
/** The failure of an ask or call. */
export const FAIL = 3;
/** Start watching a local actor for the sender. */
export const WATCH = 4;
/** Stop watching. */
export const UNWATCH = 5;
/** A watched actor stopped. */
export const DOWN = 6;
/** A control request: stop, lookup, spawn. */
export const CALL = 7;
/** The sender had declared the receiver down: forget its watches and asks. */
export const RESYNC = 8;

/** A local actor joined or left a process group. */
export const GROUP = 9;

/** A switch of the path between two nodes: to a direct link or back to NATS. */
export const LINK = 10;
