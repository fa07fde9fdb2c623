/**
 * Query parameters of the read routes: only the allowed names, each at most
 * once, integers within bounds; anything else is a 400 `bad_request` that
 * names the parameter. Internal.
 *
 * @module
 */

import { HttpError } from "./errors.ts";

/**
 * The query of a request whose parameters are all among `allowed`.
 *
 * @param url The request's URL.
 * @param allowed The parameter names the route takes.
 * @returns The parameters.
 * @throws {HttpError} 400 for an unknown or repeated parameter.
 */
export function queryOf(
  url: string,
  allowed: readonly string[],
): URLSearchParams {
  const params = new URL(url).searchParams;
  for (const key of new Set(params.keys())) {
    if (!allowed.includes(key)) {
      throw badQuery(
        `Unknown query parameter "${key}": allowed are ${
          allowed.map((p) => `"${p}"`).join(", ")
        }`,
      );
    }
    if (params.getAll(key).length > 1) {
      throw badQuery(`Query parameter "${key}" is repeated`);
    }
  }
  return params;
}

/**
 * An integer parameter within `[min, max]`.
 *
 * @returns The integer, or `undefined` when the parameter is absent.
 * @throws {HttpError} 400 when it is not such an integer.
 */
export function integerParam(
  raw: string | null,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === null) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) {
    throw badQuery(
      `Invalid ${name} "${raw}": expected an integer from ${min} to ${max}`,
    );
  }
  return n;
}

/** A 400 `bad_request` about the query. */
export function badQuery(message: string): HttpError {
  return new HttpError(400, "bad_request", message);
}
