/**
 * understudy: an actor runtime for TypeScript with Erlang/OTP supervision.
 *
 * Actors live in supervision trees: when one fails, its supervisor restarts it
 * with clean state from its original arguments, while its ref stays valid and
 * the rest of the system keeps running.
 *
 * @example A counter that crashes and is restarted
 * ```ts
 * import { ActorSystem, defineActor, type ReplyPort } from "@understudy/runtime";
 *
 * type Msg =
 *   | { type: "add"; n: number }
 *   | { type: "get"; replyTo: ReplyPort<number> }
 *   | { type: "crash" };
 *
 * const counter = defineActor({
 *   init: (start: number) => start,
 *   receive(total: number, msg: Msg) {
 *     if (msg.type === "add") return total + msg.n;
 *     if (msg.type === "get") return msg.replyTo.reply(total);
 *     throw new Error("boom");
 *   },
 * });
 *
 * await using system = new ActorSystem();
 * const ref = system.spawn(counter, { name: "counter", args: 10 });
 * ref.tell({ type: "add", n: 5 });
 * console.assert(await ref.ask<number>((replyTo) => ({ type: "get", replyTo })) === 15);
 * ref.tell({ type: "crash" }); // the guardian restarts it with fresh state
 * console.assert(await ref.ask<number>((replyTo) => ({ type: "get", replyTo })) === 10);
 * console.assert(ref.restarts === 1);
 * ```
 *
 * @module
 */

export { ActorSystem } from "./src/core/actor_system.ts";
export type {
  ActorSystemOptions,
  GuardianOptions,
  SystemStats,
  SystemTermination,
} from "./src/core/actor_system.ts";
export { defineActor } from "./src/core/actor_definition.ts";
export { Actor, classActor } from "./src/core/class_actor.ts";
export type { ActorClass } from "./src/core/class_actor.ts";
export type { ActorDefinition } from "./src/core/actor_definition.ts";
export type {
  ActorRef,
  ActorStatus,
  AskOptions,
  ReplyPort,
} from "./src/core/actor_ref.ts";
export type {
  ActorContext,
  AnyActorRef,
  Cancellable,
  ShutdownTime,
  SpawnArgs,
  SpawnOptions,
  Terminated,
  TerminatedReason,
} from "./src/core/actor_context.ts";
export { FOREIGN_WATCH } from "./src/core/foreign_ref.ts";
export type { ForeignWatchable } from "./src/core/foreign_ref.ts";
export { chainedClock, MAX_TIMER_DELAY, realClock } from "./src/core/clock.ts";
export type { Clock, TimerHandle } from "./src/core/clock.ts";
export {
  ActorError,
  ActorFailedError,
  ActorStoppedError,
  AskTimeoutError,
  EscalationError,
  MailboxFullError,
  SpawnError,
} from "./src/core/errors.ts";
export {
  AlreadyPresentError,
  AlreadyStartedError,
  ChildError,
  ChildNotFoundError,
  ChildRestartingError,
  ChildRunningError,
  ChildStartError,
  NoProcError,
} from "./src/core/errors.ts";
export type { ActorErrorOptions } from "./src/core/errors.ts";
export { EventStream } from "./src/core/events.ts";
export type * from "./src/core/events.ts";
export { Mailbox } from "./src/core/mailbox.ts";
export type {
  MailboxOptions,
  OfferResult,
  OverflowPolicy,
} from "./src/core/mailbox.ts";
export { RingBuffer } from "./src/core/ring_buffer.ts";
export type { SchedulerOptions, SchedulerStats } from "./src/core/scheduler.ts";
export {
  backoffDelay,
  restartAlways,
  RestartWindow,
} from "./src/core/supervision.ts";
export type {
  BackoffOptions,
  Decider,
  Directive,
  SupervisionOptions,
} from "./src/core/supervision.ts";
export { childSpec, IGNORE, ignore } from "./src/core/child_spec.ts";
export type {
  AnyChildSpec,
  ChildSpec,
  RestartPolicy,
} from "./src/core/child_spec.ts";
export {
  countChildren,
  deleteChild,
  restartChild,
  startChild,
  supervisor,
  terminateChild,
  whichChildren,
} from "./src/core/supervisor.ts";
export type {
  AutoShutdown,
  ChildCounts,
  ChildState,
  ChildSummary,
  Strategy,
  SupervisorDefinition,
  SupervisorOptions,
} from "./src/core/supervisor.ts";
export { checkChildSpecs, getChildSpec } from "./src/core/supervisor_specs.ts";
export type { ResolvedChildSpec } from "./src/core/supervisor_specs.ts";
export { dynamicSupervisor } from "./src/core/dynamic_supervisor.ts";
export type { DynamicSupervisorOptions } from "./src/core/dynamic_supervisor.ts";
export {
  partitionFor,
  partitionSupervisor,
  stableHash,
} from "./src/core/partition_supervisor.ts";
export type {
  PartitionSupervisorOptions,
  Routed,
} from "./src/core/partition_supervisor.ts";
export {
  injectFault,
  inspect,
  listActors,
  restartActor,
  supervisionTree,
  watchersOf,
} from "./src/core/inspection.ts";
export type {
  ActorInfo,
  ListActorsOptions,
  SupervisionTreeOptions,
  SupervisorInfo,
  TreeNode,
} from "./src/core/inspection.ts";
export { census } from "./src/core/census.ts";
export type { Census, CensusOptions, QueuedActor } from "./src/core/census.ts";
export { topic } from "./src/core/topic.ts";
export type { Topic } from "./src/core/topic.ts";
export { brokerOf, listTopics, withBroker } from "./src/core/broker.ts";
export type { Broker, BrokerLink, TopicInfo } from "./src/core/broker.ts";
export { group, groupsOf, listGroups } from "./src/core/process_group.ts";
export type {
  GroupChange,
  GroupInfo,
  GroupKey,
  GroupLink,
  GroupMonitor,
  ProcessGroups,
} from "./src/core/process_group.ts";
export { groupRouter } from "./src/core/group_router.ts";
export type {
  GroupRouterOptions,
  RoutingStrategy,
} from "./src/core/group_router.ts";
