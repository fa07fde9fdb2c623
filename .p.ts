import { rawRequest } from "./tests/http/_raw.ts";
import { serveOnLoopback } from "./tests/http/_serve.ts";
import { setup } from "./tests/http/_fixtures.ts";
import { generateRequest, Rng } from "./tests/http/_fuzz_requests.ts";
const h = setup();
const s = serveOnLoopback(h.app.fetch);
const rng = new Rng(1);
let n = 0;
for (let i = 0; i < 3000 && n < 12; i++) {
  const r = generateRequest(rng, s.port, "test-token-0123456789");
  if (r.target !== "/v1/actors" || r.method !== "POST" || !r.authorized || r.malformed) continue;
  n++;
  const res = await rawRequest(s.port, r.bytes);
  console.log(res.status, res.body.slice(0, 150), "|", r.label);
}
await s.close(); await h[Symbol.asyncDispose]();
