/**
 * The request bodies of the control plane, each declared once: the routes
 * check bodies with these shapes, and the OpenAPI document shows their JSON
 * Schema. Kind-specific parts (`args`, `message`) are checked afterwards by
 * the kind's own validators.
 *
 * @module
 */

import { nameProblem } from "../core/actor_name.ts";
import { array, either, object, oneOf, type Shape } from "./shape.ts";
import { anyValue, integer, string } from "./shape_scalars.ts";

/** The longest actor name accepted over HTTP. */
export const MAX_NAME_LENGTH = 200;
/** The most children `POST /v1/supervisors` accepts. */
export const MAX_CHILDREN = 100;
/** The default ask timeout, in milliseconds. */
export const DEFAULT_ASK_TIMEOUT_MS = 5000;
/** The longest ask timeout a client may ask for, in milliseconds. */
export const MAX_ASK_TIMEOUT_MS = 60_000;

/**
 * An actor name as clients may give it: no `/`, not starting with `$`, at
 * most 200 characters, no control or bidirectional-override characters.
 */
export const ActorName: Shape<string> = string({
  maxLength: MAX_NAME_LENGTH,
  description:
    'An actor name: no "/", not starting with "$", at most 200 characters, no control or bidirectional-override characters',
  example: "risk-2",
  rule(name) {
    if (
      name.includes("/") || name.startsWith("$") ||
      name.length > MAX_NAME_LENGTH
    ) {
      return `must not contain "/", start with "$", or be longer than ${MAX_NAME_LENGTH} characters`;
    }
    return nameProblem(name);
  },
});

const KindName = string({
  description: "A kind registered in the catalog (see `GET /v1/kinds`)",
  example: "counter",
});

const Args = anyValue({
  description:
    "The kind's spawn arguments, checked by its `args` validator; absent when the kind takes none",
  example: { start: 0 },
});

/** `POST /v1/actors`. */
export const SpawnActorBody = object({
  kind: KindName,
  name: ActorName,
  args: Args,
  supervisor: string({
    description:
      "Path of a dynamic supervisor to start it under. Defaults to `/api/spawned`",
    example: "/api/spawned",
  }),
}, {
  required: ["kind"],
  example: { kind: "counter", name: "c1", args: { start: 0 } },
});

/** `POST /v1/cluster/nodes/{node}/actors`. */
export const ClusterSpawnBody = object({
  kind: KindName,
  name: ActorName,
  args: Args,
}, {
  required: ["kind"],
  example: { kind: "counter", name: "c1", args: { start: 0 } },
});

/** One child of `POST /v1/supervisors`. */
export const ChildSpecBody = object({
  id: ActorName,
  kind: KindName,
  args: Args,
  restart: oneOf(["permanent", "transient", "temporary"], {
    description: "OTP restart policy. Defaults to `permanent`",
  }),
  shutdown: either<number | "brutal" | "infinity">(
    [
      integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
      oneOf(["brutal", "infinity"]),
    ],
    'must be a non-negative integer, "brutal" or "infinity"',
    {
      description:
        "Milliseconds to wait for it to stop, `brutal` or `infinity`. Defaults to 5000",
    },
  ),
}, { required: ["id", "kind"] });

/** `POST /v1/supervisors`. */
export const SpawnSupervisorBody = object({
  name: ActorName,
  strategy: oneOf(["one-for-one", "one-for-all", "rest-for-one"], {
    description: "Defaults to `one-for-one`",
  }),
  maxRestarts: integer({
    minimum: 0,
    maximum: 1_000_000,
    description: "Restarts allowed within `withinMs`. Defaults to 3",
  }),
  withinMs: integer({
    minimum: 1,
    maximum: 86_400_000,
    description: "The intensity window. Defaults to 5000",
  }),
  children: array(ChildSpecBody, { maxItems: MAX_CHILDREN }),
}, {
  required: ["name", "children"],
  example: {
    name: "team",
    strategy: "one-for-one",
    maxRestarts: 3,
    withinMs: 5000,
    children: [{ id: "first", kind: "counter", args: { start: 1 } }],
  },
});

const Message = anyValue({
  description: "The message, checked by the kind's validator",
  example: { type: "add", n: 2 },
});

/** `POST /v1/actors/{path}/$tell`. */
export const TellBody = object({ message: Message }, {
  required: ["message"],
  example: { message: { type: "add", n: 2 } },
});

/** `POST /v1/actors/{path}/$ask`: the same `message` field as `$tell`. */
export const AskBody = object({
  message: anyValue({
    description:
      "The ask's message, checked by the kind's `ask.input` validator; absent when it takes none",
    example: { op: "get" },
  }),
  input: anyValue({
    description: "Older name of `message`, still accepted",
    deprecated: true,
  }),
  timeoutMs: integer({
    minimum: 1,
    maximum: MAX_ASK_TIMEOUT_MS,
    default: DEFAULT_ASK_TIMEOUT_MS,
    description: "How long to wait for the reply",
  }),
}, { example: { message: { op: "get" }, timeoutMs: 1000 } });

/** `POST /v1/actors/{path}/$fault`. */
export const FaultBody = object({
  message: string({
    maxLength: 1000,
    description: "The injected error's message. Defaults to `Injected fault`",
    example: "drill",
  }),
});

/** `$stop` and `$restart`: no fields. */
export const EmptyBody = object({});
