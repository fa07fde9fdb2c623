/**
 * The supervisor settings an actor's inspection shows, declared once for the
 * API's actor detail (`_openapi_schemas.ts`) and the dashboard's observer
 * routes (`_openapi_observer.ts`, which adds `restartsInWindow`). Private to
 * `src/http`.
 *
 * @module
 */

import { object, oneOf } from "./shape.ts";
import { boolean, integer, nullable, number } from "./shape_scalars.ts";

const count = () => integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** A supervisor's restart strategy. */
export const strategy = oneOf(["one-for-one", "one-for-all", "rest-for-one"]);

/** The fields of a supervisor's settings, as `inspect` gives them. */
export const SUPERVISOR_FIELDS = {
  type: oneOf(["supervisor", "dynamic", "partition"]),
  strategy,
  maxRestarts: count(),
  withinMs: number(),
  maxChildren: nullable(count()),
  backoff: boolean(),
  specs: count(),
  template: boolean(),
  children: count(),
  active: count(),
};

/** Every field of {@linkcode SUPERVISOR_FIELDS}: all are always present. */
export const SUPERVISOR_REQUIRED = Object.keys(SUPERVISOR_FIELDS) as (
  keyof typeof SUPERVISOR_FIELDS
)[];

/** A supervisor's settings, as an open object. */
export const supervisorSettings = object(SUPERVISOR_FIELDS, {
  closed: false,
  required: SUPERVISOR_REQUIRED,
});
