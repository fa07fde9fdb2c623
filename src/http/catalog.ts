/**
 * The catalog: the kinds of actor a client may spawn and talk to over HTTP.
 * Code never travels over the wire: a client names a registered kind, and its
 * arguments and messages are checked by the validators the kind declares.
 *
 * @module
 */

import type { ActorDefinition } from "../core/actor_definition.ts";
import type { ReplyPort } from "../core/actor_ref.ts";
import type { MailboxOptions } from "../core/mailbox.ts";
import { isValidator, type Validator } from "./validation.ts";

/**
 * How clients may ask an actor of a kind: the request body's `input` is
 * validated, then `build` turns it into the request message.
 *
 * @typeParam Msg The kind's messages.
 */
export interface AskSpec<Msg> {
  /** Validates the `input` of an ask. Defaults to none: `input` must be absent. */
  readonly input?: Validator<unknown>;
  /**
   * Builds the request message around the reply port.
   *
   * @param input The validated input (`undefined` when none was sent).
   * @param replyTo The reply port to put in the message.
   * @returns The message.
   */
  readonly build: (input: unknown, replyTo: ReplyPort<unknown>) => Msg;
}

/**
 * One spawnable kind of actor. Its types are inferred from `definition`
 * alone; the validators and `ask.build` are checked against them.
 *
 * @typeParam Msg The messages it accepts.
 * @typeParam State Its state.
 * @typeParam Args The arguments its `init` takes.
 */
export interface KindSpec<Msg = unknown, State = unknown, Args = unknown> {
  /** What the actor does; its `kind` must equal the name it is registered under. */
  readonly definition: ActorDefinition<Msg, State, Args>;
  /** A sentence for humans, shown by the API. Defaults to none. */
  readonly description?: string;
  /**
   * Validates spawn arguments. Defaults to none: a spawn request must not
   * carry `args`, and `init` receives `undefined`.
   */
  readonly args?: Validator<Args>;
  /** Validates messages told over HTTP. Defaults to none: tell is refused. */
  readonly message?: Validator<Msg>;
  /** How to ask over HTTP. Defaults to none: ask is refused. */
  readonly ask?: AskSpec<Msg>;
  /**
   * The mailbox of actors of this kind spawned over HTTP (`POST /v1/actors`,
   * `POST /v1/supervisors`): a client that sends faster than the actor
   * handles gets 429 `mailbox_full` with `Retry-After` instead of growing
   * the queue without bound. `{ capacity: Infinity }` opts out. Defaults to
   * {@linkcode DEFAULT_HTTP_MAILBOX} (1000 messages, `reject`).
   */
  readonly mailbox?: MailboxOptions;
}

/**
 * The mailbox of an actor spawned over HTTP when its kind names none:
 * bounded at 1000 user messages, refusing more (`reject`).
 */
export const DEFAULT_HTTP_MAILBOX: MailboxOptions = Object.freeze({
  capacity: 1000,
  overflow: "reject",
});

/** An actor definition of any message, state and argument types. */
// deno-lint-ignore no-explicit-any
export type AnyDefinition = ActorDefinition<any, any, any>;

/**
 * The {@linkcode KindSpec} for a definition type: its message, state and
 * argument types come from the definition alone.
 *
 * @typeParam D The definition's type.
 */
export type KindSpecFor<D extends AnyDefinition> = D extends
  ActorDefinition<infer Msg, infer State, infer Args>
  ? KindSpec<Msg, State, Args> & { readonly definition: D }
  : never;

/**
 * A registry of {@linkcode KindSpec}s by name.
 *
 * @example A counter clients can spawn, tell and ask
 * ```ts
 * import { defineActor, type ReplyPort } from "@understudy/runtime";
 * import { Catalog } from "@understudy/runtime/http";
 * type Msg = { type: "add"; n: number } | { type: "get"; replyTo: ReplyPort<number> };
 * const counter = defineActor({
 *   kind: "counter",
 *   init: (start: number) => start,
 *   receive(n: number, msg: Msg) {
 *     if (msg.type === "add") return n + msg.n;
 *     msg.replyTo.reply(n);
 *   },
 * });
 * const catalog = new Catalog().register("counter", {
 *   definition: counter,
 *   args: (x) => typeof x === "number" ? { value: x } : { issues: [{ message: "must be a number" }] },
 *   message: (x) => {
 *     const n = (x as { n?: unknown })?.n;
 *     return typeof n === "number" ? { value: { type: "add" as const, n } } : { issues: [{ message: "n must be a number", path: ["n"] }] };
 *   },
 *   ask: { build: (_input, replyTo) => ({ type: "get", replyTo: replyTo as ReplyPort<number> }) },
 * });
 * console.assert(catalog.names()[0] === "counter");
 * ```
 */
export class Catalog {
  readonly #kinds = new Map<string, KindSpec>();

  /**
   * Registers a kind.
   *
   * @typeParam D The definition's type; the kind's message, state and
   * argument types are read from it, so validators and `ask.build` are
   * checked against them.
   * @param name The kind's name; must equal `spec.definition.kind`.
   * @param spec The definition and its validators.
   * @returns This catalog, for chaining.
   * @throws {TypeError} When the name is empty or taken, differs from the
   * definition's `kind`, or a validator or `ask.build` is malformed.
   */
  register<D extends AnyDefinition>(name: string, spec: KindSpecFor<D>): this {
    if (typeof name !== "string" || name === "") {
      throw new TypeError(
        "Cannot register kind: name must be a non-empty string",
      );
    }
    const where = `Cannot register kind "${name}"`;
    if (this.#kinds.has(name)) {
      throw new TypeError(`${where}: name is taken`);
    }
    const definition = spec?.definition;
    if (
      definition === null || typeof definition !== "object" ||
      typeof definition.init !== "function" ||
      typeof definition.receive !== "function"
    ) {
      throw new TypeError(`${where}: definition must be an actor definition`);
    }
    if (definition.kind !== name) {
      throw new TypeError(
        `${where}: the definition's kind must equal the name, got "${definition.kind}"`,
      );
    }
    for (const field of ["args", "message"] as const) {
      const validator = spec[field];
      if (validator !== undefined && !isValidator(validator)) {
        throw new TypeError(
          `${where}: ${field} must be a Standard Schema or a function`,
        );
      }
    }
    const mailbox = spec.mailbox;
    if (
      mailbox !== undefined && (mailbox === null || typeof mailbox !== "object")
    ) {
      throw new TypeError(`${where}: mailbox must be mailbox options`);
    }
    if (spec.ask !== undefined) {
      if (typeof spec.ask?.build !== "function") {
        throw new TypeError(`${where}: ask.build must be a function`);
      }
      if (spec.ask.input !== undefined && !isValidator(spec.ask.input)) {
        throw new TypeError(
          `${where}: ask.input must be a Standard Schema or a function`,
        );
      }
    }
    this.#kinds.set(name, spec as unknown as KindSpec);
    return this;
  }

  /**
   * Finds a kind.
   *
   * @param name The kind's name.
   * @returns Its spec, or `undefined`.
   */
  get(name: string): KindSpec | undefined {
    return this.#kinds.get(name);
  }

  /**
   * The registered names, in registration order.
   *
   * @returns The names.
   */
  names(): string[] {
    return [...this.#kinds.keys()];
  }
}
