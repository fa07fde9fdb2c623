/**
 * The operations on one actor (`/v1/actors/{path}` and its `$` actions), as
 * data for the OpenAPI document. Private to `src/http`.
 *
 * @module
 */

import { AskBody, EmptyBody, FaultBody, TellBody } from "./request_shapes.ts";
import {
  BODY_ERRORS,
  FULL,
  object,
  type Operation,
  PATH_PARAM,
  ref,
} from "./_openapi_parts.ts";

/** The operations on one actor, in the order the API documents them. */
export const ACTOR_OPERATIONS: readonly Operation[] = [
  {
    method: "get",
    path: "/v1/actors/{path}",
    tag: "actors",
    summary: "One actor in detail",
    params: [PATH_PARAM],
    ok: ["200", "The actor", ref("ActorInfo")],
    errors: {
      "400": "Badly encoded path (`bad_request`)",
      "404": "No such actor (`actor_not_found`)",
    },
  },
  {
    method: "delete",
    path: "/v1/actors/{path}",
    tag: "actors",
    summary:
      "Remove an actor: terminate and delete its child spec when its parent is a supervisor, else stop it",
    params: [PATH_PARAM],
    ok: ["204", "Removed"],
    errors: {
      "400": "Badly encoded path (`bad_request`)",
      "404": "No such actor (`actor_not_found`)",
    },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$tell",
    tag: "messages",
    summary: "Send a message, validated by the kind's message validator",
    params: [PATH_PARAM],
    body: TellBody.schema,
    ok: ["202", "Queued", object({ delivered: { const: true } })],
    errors: {
      ...BODY_ERRORS,
      "404": "No such actor (`actor_not_found`)",
      "409": "The actor is stopped (`actor_stopped`)",
      ...FULL,
      "422": "`not_accepted`, `validation_failed` or `unknown_field`",
    },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$ask",
    tag: "messages",
    summary: "Ask and wait for the reply",
    params: [PATH_PARAM],
    body: AskBody.schema,
    ok: ["200", "The reply", object({ reply: {} })],
    errors: {
      ...BODY_ERRORS,
      "404": "No such actor (`actor_not_found`)",
      "409": "The actor is stopped (`actor_stopped`)",
      ...FULL,
      "422":
        "`not_accepted`, `validation_failed`, `unknown_field` or `ask_rejected` (the actor failed the ask)",
      "502": "The actor failed while handling it (`actor_failed`)",
      "504": "No reply in time (`ask_timeout`)",
    },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$stop",
    tag: "actors",
    summary: "Stop an actor (a supervisor restarts a permanent child)",
    params: [PATH_PARAM],
    body: EmptyBody.schema,
    ok: ["200", "The actor after stopping", ref("ActorInfo")],
    errors: { ...BODY_ERRORS, "404": "No such actor (`actor_not_found`)" },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$restart",
    tag: "actors",
    summary: "Restart an actor with fresh state",
    params: [PATH_PARAM],
    body: EmptyBody.schema,
    ok: ["200", "The restarted actor", ref("ActorInfo")],
    errors: { ...BODY_ERRORS, "404": "No such actor (`actor_not_found`)" },
  },
  {
    method: "post",
    path: "/v1/actors/{path}/$fault",
    tag: "messages",
    summary: "Fail an actor as if its handler threw (when enabled)",
    params: [PATH_PARAM],
    body: FaultBody.schema,
    ok: ["202", "Injected", object({ injected: { const: true } })],
    errors: {
      ...BODY_ERRORS,
      "403": "Fault injection is off (`fault_injection_disabled`)",
      "404": "No such actor (`actor_not_found`)",
    },
  },
];
