/**
 * Proofs of membership for direct links. Every node draws a random link key
 * when it joins and advertises it in its heartbeats, which only clients
 * allowed to read the cluster's NATS subjects see. The key to open a link
 * to node B is `HMAC-SHA256(secret, cluster | B's link key)`, where `secret`
 * is the `directLinks.secret` option, or else one derived from the NATS
 * credentials the node joined with (the same on every node of a cluster
 * that shares credentials). Both ends prove they hold it by a MAC over a
 * transcript of both names, incarnations, the link id and two fresh nonces,
 * so a proof cannot be replayed on another connection.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Random bytes as hex. */
export function randomHex(bytes: number): string {
  const out = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = "";
  for (const b of out) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/**
 * The cluster secret when no `directLinks.secret` is given: derived from the
 * NATS credentials (none: the empty string, and the advertised keys alone
 * guard the links).
 *
 * @param credentials Token, user, password and NKey seed, when given.
 * @returns The secret.
 */
export function defaultSecret(
  credentials: readonly (string | undefined)[],
): string {
  return credentials.some((c) => c !== undefined)
    ? `understudy-nats|${JSON.stringify(credentials.map((c) => c ?? null))}`
    : "";
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret === "" ? "\u0000" : secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

async function hmac(key: CryptoKey, text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, encoder.encode(text)),
  );
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** The key to open links to one node. */
export class LinkProof {
  readonly #key: CryptoKey;

  private constructor(key: CryptoKey) {
    this.#key = key;
  }

  /**
   * The proof key for links to the node that advertised `nodeKey`.
   *
   * @param secret The cluster secret.
   * @param cluster The cluster's name.
   * @param nodeKey The node's advertised link key.
   * @returns The key.
   */
  static async of(
    secret: string,
    cluster: string,
    nodeKey: string,
  ): Promise<LinkProof> {
    const derived = await hmac(
      await hmacKey(secret),
      `understudy-link|${cluster}|${nodeKey}`,
    );
    return new LinkProof(await hmacKey(derived));
  }

  /**
   * The MAC of one side over a handshake transcript.
   *
   * @param role `dial` or `accept`.
   * @param transcript Names, incarnations, link id and nonces.
   * @returns Hex.
   */
  sign(role: "dial" | "accept", transcript: string): Promise<string> {
    return hmac(this.#key, `${role}|${transcript}`);
  }

  /**
   * Whether `mac` is this side's MAC of `transcript` (constant time).
   *
   * @param role `dial` or `accept`.
   * @param transcript The transcript.
   * @param mac The MAC received.
   * @returns Whether it matches.
   */
  async verify(
    role: "dial" | "accept",
    transcript: string,
    mac: unknown,
  ): Promise<boolean> {
    const expected = await this.sign(role, transcript);
    if (typeof mac !== "string" || mac.length !== expected.length) return false;
    let diff = 0;
    for (let i = 0; i < mac.length; i++) {
      diff |= mac.charCodeAt(i) ^ expected.charCodeAt(i);
    }
    return diff === 0;
  }
}
