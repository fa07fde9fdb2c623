/**
 * Talking to actors over HTTP: tell and ask (validated by the catalog kind
 * the actor was defined with) and fault injection.
 *
 * @module
 */

import type { Context } from "hono";
import { ActorError } from "../core/errors.ts";
import { injectFault } from "../core/inspection.ts";
import { readBody } from "./body.ts";
import {
  AskBody,
  DEFAULT_ASK_TIMEOUT_MS,
  FaultBody,
  TellBody,
} from "./request_shapes.ts";
import type { KindSpec } from "./catalog.ts";
import { HttpError } from "./errors.ts";
import { toJsonSafe } from "./serialize.ts";
import { formatIssues, runValidator, type Validator } from "./validation.ts";
import { findActor, type FoundActor } from "./_find_actor.ts";
import type { Plane } from "./_plane.ts";

export {
  DEFAULT_ASK_TIMEOUT_MS,
  MAX_ASK_TIMEOUT_MS,
} from "./request_shapes.ts";

/**
 * Validates a value, or throws a 422 that says what was wrong.
 *
 * @typeParam T The validated value.
 * @param validator The validator.
 * @param value The value.
 * @param what What the value is, for the message: `args for kind "x"`.
 * @returns The validated (possibly transformed) value.
 * @throws {HttpError} 422 `validation_failed`.
 */
export async function validateOr422<T>(
  validator: Validator<T>,
  value: unknown,
  what: string,
): Promise<T> {
  const outcome = await runValidator(validator, value);
  if (outcome.ok) return outcome.value;
  throw new HttpError(
    422,
    "validation_failed",
    `Invalid ${what}: ${formatIssues(outcome.issues)}`,
  );
}

/**
 * `POST /v1/actors/{path}/$tell` with `{ "message": ... }`.
 *
 * @param c The request context.
 * @param plane The shared state.
 * @param path The actor's path.
 * @returns `{ delivered: true }`.
 * @throws {HttpError} 404, 409 `actor_stopped`, 422, 429 `mailbox_full`
 * (with `Retry-After`).
 */
export async function actorTell(
  c: Context,
  plane: Plane,
  path: string,
): Promise<{ delivered: true }> {
  const body = await readBody(c, TellBody);
  const actor = findActor(plane, path);
  const spec = kindOf(plane, actor);
  if (spec?.message === undefined) throw notAccepted(actor, "messages");
  const message = await validateOr422(
    spec.message,
    body.message,
    `message for actor "${path}"`,
  );
  if (!actor.ref.tell(message as never)) {
    throw actor.ref.status === "stopped"
      ? new HttpError(
        409,
        "actor_stopped",
        `Cannot send to actor "${path}": actor is stopped`,
      )
      : mailboxFull(path);
  }
  return { delivered: true };
}

/**
 * `POST /v1/actors/{path}/$ask` with `{ "message"?, "timeoutMs"? }`, the
 * same field `$tell` takes (`input`, its older name, is still accepted).
 *
 * @param c The request context.
 * @param plane The shared state.
 * @param path The actor's path.
 * @returns `{ reply }`, JSON-safe.
 * @throws {HttpError} 404, 409, 422 (`ask_rejected` when the actor failed
 * the ask on purpose); the core's `AskTimeoutError` (504) and
 * `ActorFailedError` (502) pass through to the error handler.
 */
export async function actorAsk(
  c: Context,
  plane: Plane,
  path: string,
): Promise<{ reply: unknown }> {
  const body = await readBody(c, AskBody);
  if ("message" in body && "input" in body) {
    throw new HttpError(
      422,
      "validation_failed",
      'Send either "message" or its older name "input", not both',
    );
  }
  const sent = "message" in body ? body.message : body.input;
  const timeoutMs = body.timeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  const actor = findActor(plane, path);
  const spec = kindOf(plane, actor);
  const ask = spec?.ask;
  if (ask === undefined) throw notAccepted(actor, "asks");
  let input: unknown = undefined;
  if (ask.input !== undefined) {
    input = await validateOr422(
      ask.input,
      sent,
      `ask message for actor "${path}"`,
    );
  } else if (sent !== undefined) {
    throw new HttpError(
      422,
      "validation_failed",
      `Invalid ask message for actor "${path}": kind "${actor.info.kind}" takes none`,
    );
  }
  const build = { failed: false };
  try {
    const reply = await actor.ref.ask<unknown>((replyTo) => {
      try {
        return ask.build(input, replyTo) as never;
      } catch (error) {
        build.failed = true;
        throw error;
      }
    }, { timeoutMs });
    return { reply: toJsonSafe(reply) ?? null };
  } catch (error) {
    if (build.failed || error instanceof ActorError) throw error;
    throw new HttpError(
      422,
      "ask_rejected",
      `Actor "${path}" rejected the ask: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}

/**
 * `POST /v1/actors/{path}/$fault` with `{ "message"? }`.
 *
 * @param c The request context.
 * @param plane The shared state.
 * @param path The actor's path.
 * @returns `{ injected: true }`.
 * @throws {HttpError} 403 when fault injection is off, 404, 422.
 */
export async function actorFault(
  c: Context,
  plane: Plane,
  path: string,
): Promise<{ injected: true }> {
  if (!plane.allowFaultInjection) {
    throw new HttpError(
      403,
      "fault_injection_disabled",
      "Fault injection is disabled: start the server with it enabled",
    );
  }
  const body = await readBody(c, FaultBody);
  const message = body.message ?? "Injected fault";
  const { ref } = findActor(plane, path);
  injectFault(ref, new Error(message));
  return { injected: true };
}

/** Seconds a client is told to wait after a full mailbox. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * The 429 answer to a full mailbox: back off and retry.
 *
 * @param path The actor's path.
 * @returns The error, with `Retry-After`.
 */
export function mailboxFull(path: string): HttpError {
  return new HttpError(
    429,
    "mailbox_full",
    `Cannot send to actor "${path}": mailbox is full, retry later`,
    { "retry-after": String(RETRY_AFTER_SECONDS) },
  );
}

function kindOf(plane: Plane, actor: FoundActor): KindSpec | undefined {
  const kind = actor.info.kind;
  return kind === null ? undefined : plane.catalog.get(kind);
}

function notAccepted(actor: FoundActor, what: string): HttpError {
  const kind = actor.info.kind;
  return new HttpError(
    422,
    "not_accepted",
    `Actor "${actor.info.path}" ${
      kind === null ? "has no kind" : `of kind "${kind}"`
    } does not accept ${what} over HTTP`,
  );
}
