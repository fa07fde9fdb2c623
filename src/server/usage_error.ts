/**
 * The error for a command line the server or the CLI does not understand.
 *
 * @module
 */

/**
 * A command line that cannot be run as written; exit status 2, as POSIX
 * utilities do for misuse.
 */
export class UsageError extends Error {
  /**
   * Creates the error.
   *
   * @param message What is wrong, in the Deno std style.
   * @param options The underlying cause, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}
