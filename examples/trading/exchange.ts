/**
 * A simulated exchange connection that fails its first connection attempt,
 * as the seed's feed does. It lives outside the actors (it stands for the
 * network), so a restarted feed connects on its second attempt without being
 * told to skip the failure: the seed needed a `skip_first_failure` flag.
 *
 * @module
 */

/** The simulated exchange. */
export class Exchange {
  #attempts = 0;
  readonly #failures: number;

  /**
   * @param failures How many connection attempts fail before one succeeds.
   * Defaults to 1.
   */
  constructor(failures = 1) {
    this.#failures = failures;
  }

  /** Connection attempts so far. */
  get attempts(): number {
    return this.#attempts;
  }

  /**
   * Connects, or throws for the first `failures` attempts.
   *
   * @throws {Error} "Failed to connect to exchange".
   */
  connect(): void {
    this.#attempts++;
    if (this.#attempts <= this.#failures) {
      throw new Error("Failed to connect to exchange");
    }
  }
}
