/**
 * The path of a request URL, read without trusting its host. Private to
 * `src/http`.
 *
 * @module
 */

/**
 * The raw (still encoded) path of a request URL, without query or fragment.
 * Works on absolute URLs whatever their host, and on bare paths (`/healthz`,
 * as some servers give when the Host header is empty).
 *
 * @param url The request's URL.
 * @returns The path, always starting with `/`.
 */
export function rawPathOf(url: string): string {
  let start = 0;
  if (!url.startsWith("/")) {
    const scheme = url.indexOf("://");
    start = scheme < 0 ? -1 : url.indexOf("/", scheme + 3);
    if (start < 0) return "/";
  }
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const ch = url.charCodeAt(i);
    if (ch === 63 || ch === 35) { // ? #
      end = i;
      break;
    }
  }
  return url.slice(start, end) || "/";
}
