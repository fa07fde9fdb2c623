/**
 * The errors of the cluster layer: a lost node and a message that cannot
 * travel. Both extend the core's `ActorError`, so one `catch` covers local and
 * remote failures.
 *
 * Follows Erlang's `noconnection` exit reason and Akka's
 * `AskTimeoutException` on an unreachable node.
 *
 * @module
 */

import { ActorError, type ActorErrorOptions } from "../core/errors.ts";

/**
 * Rejects an ask (or a remote `stop`) whose target lives on a node that was
 * declared down before it answered.
 *
 * @example
 * ```ts
 * import { NodeDownError } from "@understudy/runtime/cluster";
 * const error = new NodeDownError("b", "/worker");
 * console.assert(error.node === "b" && error.name === "NodeDownError");
 * ```
 */
export class NodeDownError extends ActorError {
  /** The node that went down. */
  readonly node: string;

  /**
   * Creates the instance.
   *
   * @param node The node that went down.
   * @param path The path of the actor concerned.
   * @param options The undelivered message.
   */
  constructor(node: string, path: string, options?: ActorErrorOptions) {
    super(
      path,
      `Cannot reach actor "${path}" on node "${node}": node is down`,
      options,
    );
    this.name = "NodeDownError";
    this.node = node;
  }
}

/**
 * Thrown by `tell` (and rejected by `ask`) at the sender when the codec cannot
 * encode a message, or when the encoded message exceeds the NATS payload
 * limit. Nothing is sent.
 *
 * @example
 * ```ts
 * import { MessageEncodingError } from "@understudy/runtime/cluster";
 * const error = new MessageEncodingError("/a", "Cannot send to actor \"/a\": too large");
 * console.assert(error.name === "MessageEncodingError");
 * ```
 */
export class MessageEncodingError extends ActorError {
  /**
   * Creates the instance.
   *
   * @param path The path of the target actor.
   * @param message The human-readable message.
   * @param options The cause and the message that was not sent.
   */
  constructor(path: string, message: string, options?: ActorErrorOptions) {
    super(path, message, options);
    this.name = "MessageEncodingError";
  }
}
