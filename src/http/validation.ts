/**
 * Validators for what clients send: any Standard Schema v1 object (zod,
 * valibot, arktype ...) or a plain function. The Standard Schema interface is
 * declared here, as its specification recommends, so there is no dependency.
 *
 * @module
 */

/** A path segment object of a Standard Schema issue. */
export interface StandardSchemaV1PathSegment {
  /** The key of the segment. */
  readonly key: PropertyKey;
}

/** One problem a Standard Schema validator found. */
export interface StandardSchemaV1Issue {
  /** The problem. */
  readonly message: string;
  /** Where in the value it is. */
  readonly path?:
    | ReadonlyArray<PropertyKey | StandardSchemaV1PathSegment>
    | undefined;
}

/** A Standard Schema validation outcome. */
export type StandardSchemaV1Result<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaV1Issue> };

/** The types a Standard Schema declares. */
export interface StandardSchemaV1Types<Input = unknown, Output = Input> {
  /** The accepted input type. */
  readonly input: Input;
  /** The validated output type. */
  readonly output: Output;
}

/** The `~standard` property of a Standard Schema. */
export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  /** The specification version: 1. */
  readonly version: 1;
  /** The library that made the schema. */
  readonly vendor: string;
  /**
   * Validates a value.
   *
   * @param value The value.
   * @returns The outcome, or a promise of it.
   */
  readonly validate: (
    value: unknown,
  ) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
  /** The declared types, for inference only. */
  readonly types?: StandardSchemaV1Types<Input, Output> | undefined;
}

/**
 * A Standard Schema v1 validator (see standardschema.dev).
 *
 * @typeParam Input The accepted input.
 * @typeParam Output The validated output.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The standard properties. */
  readonly "~standard": StandardSchemaV1Props<Input, Output>;
}

/** One problem a validator found, as the control plane reports it. */
export interface ValidationIssue {
  /** The problem. */
  readonly message: string;
  /** Where in the value it is, such as `["items", 0, "price"]`. */
  readonly path?: readonly (string | number)[];
}

/**
 * A plain validation function: returns `{ value }` (possibly transformed) or
 * `{ issues }`.
 *
 * @typeParam T The validated value.
 */
export type ValidateFunction<T> = (
  input: unknown,
) =>
  | { readonly value: T }
  | { readonly issues: readonly ValidationIssue[] }
  | Promise<
    { readonly value: T } | { readonly issues: readonly ValidationIssue[] }
  >;

/**
 * Anything the catalog accepts to validate a value: a Standard Schema v1
 * object or a plain function.
 *
 * @typeParam T The validated value.
 */
export type Validator<T> = StandardSchemaV1<unknown, T> | ValidateFunction<T>;

/** The outcome of {@linkcode runValidator}. */
export type ValidationOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Whether `value` is a Standard Schema v1 object (or function: arktype's
 * types are callable).
 *
 * @param value Anything.
 * @returns Whether it has a version-1 `~standard` property.
 */
export function isStandardSchema(
  value: unknown,
): value is StandardSchemaV1<unknown, unknown> {
  if (
    value === null || (typeof value !== "object" && typeof value !== "function")
  ) return false;
  const props = (value as { "~standard"?: unknown })["~standard"];
  return typeof props === "object" && props !== null &&
    (props as { version?: unknown }).version === 1 &&
    typeof (props as { validate?: unknown }).validate === "function";
}

/**
 * Whether `value` can serve as a {@linkcode Validator}.
 *
 * @param value Anything.
 * @returns Whether it is a Standard Schema or a function.
 */
export function isValidator(value: unknown): value is Validator<unknown> {
  return isStandardSchema(value) || typeof value === "function";
}

/**
 * Runs a validator of either form.
 *
 * @typeParam T The validated value.
 * @param validator The validator.
 * @param input The value to check.
 * @returns The validated value or the issues.
 * @throws {TypeError} When the validator returns neither `value` nor `issues`.
 * @example
 * ```ts
 * import { runValidator } from "@understudy/runtime/http";
 * const positive = (x: unknown) =>
 *   typeof x === "number" && x > 0 ? { value: x } : { issues: [{ message: "must be positive" }] };
 * const outcome = await runValidator(positive, -1);
 * console.assert(!outcome.ok && outcome.issues[0].message === "must be positive");
 * ```
 */
export async function runValidator<T>(
  validator: Validator<T>,
  input: unknown,
): Promise<ValidationOutcome<T>> {
  const result: unknown = isStandardSchema(validator)
    ? await validator["~standard"].validate(input)
    : await (validator as ValidateFunction<T>)(input);
  if (result !== null && typeof result === "object") {
    const issues = (result as { issues?: unknown }).issues;
    if (Array.isArray(issues)) {
      return { ok: false, issues: issues.map(normalizeIssue) };
    }
    if ("value" in result) {
      return { ok: true, value: (result as { value: T }).value };
    }
  }
  throw new TypeError(
    "Invalid validator result: expected an object with value or issues",
  );
}

/**
 * Formats issues as one line: `start: must be a number; name: is required`.
 *
 * @param issues The issues.
 * @returns The line.
 * @example
 * ```ts
 * import { formatIssues } from "./validation.ts";
 * console.assert(formatIssues([{ message: "bad", path: ["a", 0] }]) === "a[0]: bad");
 * ```
 */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return "invalid value";
  return issues.map((issue) => {
    const where = formatPath(issue.path ?? []);
    return where === "" ? issue.message : `${where}: ${issue.message}`;
  }).join("; ");
}

function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out === "" ? key : `.${key}`;
  }
  return out;
}

function normalizeIssue(issue: unknown): ValidationIssue {
  const raw = (issue ?? {}) as { message?: unknown; path?: unknown };
  const message = typeof raw.message === "string" ? raw.message : "invalid";
  if (!Array.isArray(raw.path) || raw.path.length === 0) return { message };
  const path = raw.path.map((segment: unknown) => {
    const key = segment !== null && typeof segment === "object"
      ? (segment as StandardSchemaV1PathSegment).key
      : segment;
    return typeof key === "number" ? key : String(key);
  });
  return { message, path };
}
