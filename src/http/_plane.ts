/**
 * The state the route modules share: the system, the catalog, the event hub,
 * the counters and the resolved options. Private to `src/http`.
 *
 * @module
 */

import type { ActorSystem } from "../core/actor_system.ts";
import type { ApiGuardian } from "./api_guardian.ts";
import type { Catalog } from "./catalog.ts";
import type { Counters } from "./counters.ts";
import type { EventHub } from "./event_hub.ts";
import type { RuntimeInfo } from "./runtime_info.ts";

/** The shared state of one control plane. */
export interface Plane {
  /** The system served. */
  readonly system: ActorSystem;
  /** The guardian of what clients create. */
  readonly guardian: ApiGuardian;
  /** The spawnable kinds. */
  readonly catalog: Catalog;
  /** Recent events and live readers. */
  readonly hub: EventHub;
  /** Lifetime counters for the metrics. */
  readonly counters: Counters;
  /** Whether `$fault` works. */
  readonly allowFaultInjection: boolean;
  /** The version `GET /v1/system` reports. */
  readonly version: string;
  /** The runtime `GET /v1/system` reports. */
  readonly runtime: RuntimeInfo;
}
