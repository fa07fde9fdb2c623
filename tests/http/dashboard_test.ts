/**
 * The dashboard in headless Chromium against the real server: `startServer`
 * with the trading demo on a free loopback port, fault injection on, and a
 * bounded load (a pool of workers and a slow sink fed on a timer until the
 * tests end). Asserts on what the page shows: charts fill in, the table
 * sorts and filters, the tree shows intensity and collapses, the detail pane
 * shows a restart, forms show validation errors inline. Takes the README
 * screenshots (saved to `docs/` when `UNDERSTUDY_UPDATE_SCREENSHOT=1`, the
 * `npm run screenshot` script). Skipped with a message when Chromium is not
 * installed, unless `UNDERSTUDY_REQUIRE_E2E=1`.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { childSpec, defineActor, supervisor } from "../../mod.ts";
import { currentRuntime } from "../../src/cli/runtime.ts";
import { dashboardPage } from "../../src/http/dashboard.ts";
import { type RunningServer, startServer } from "../../src/cli/serve.ts";
import { type Browser, launch, skip } from "./_browser.ts";

const OPTIONS = { skip, timeout: 120_000 };
const TOKEN = "dashboard-token-7c1e9b";
const RISK = "/trading/risk-manager";
const UPDATE = process.env.UNDERSTUDY_UPDATE_SCREENSHOT === "1";
const scratch = mkdtempSync(join(tmpdir(), "understudy-shots-"));

/** `docs/NAME` when updating the screenshots, else a scratch file. */
function screenshotPath(name: string): string {
  return UPDATE
    ? fileURLToPath(new URL(`../../docs/${name}`, import.meta.url))
    : join(scratch, name);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = screenshotPath(name);
  mkdirSync(dirname(path), { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path, animations: "disabled" });
  assert.ok(statSync(path).size > 10_000, "the screenshot has content");
}

describe("the dashboard page", () => {
  const page = dashboardPage();

  test("is one self-contained document: nothing loaded from elsewhere", () => {
    assert.ok(page.startsWith("<!doctype html>"));
    const external = [
      /\b(?:src|href|action)\s*=\s*["']?(?:[a-z]+:)?\/\//i,
      /@import/,
      /\burl\(/,
    ].filter((pattern) => pattern.test(page));
    assert.deepEqual(external, []);
    assert.equal(page.match(/<script>/g)?.length, 1);
    assert.equal(page.match(/<style>/g)?.length, 1);
  });

  test("its script parses and never writes HTML from strings", () => {
    const script = page.slice(
      page.indexOf("<script>") + "<script>".length,
      page.lastIndexOf("</script>"),
    );
    assert.doesNotThrow(() => new Function(script));
    const unsafe =
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(/;
    assert.equal(unsafe.exec(script)?.[0], undefined);
  });

  test("offers the stable test ids", () => {
    for (
      const id of ["tree", "events", "connection", "token-form", "system"]
    ) {
      assert.ok(page.includes(`data-testid="${id}"`), `no data-testid="${id}"`);
    }
    for (const prefix of ["node-", "status-", "restarts-", "chart-"]) {
      assert.ok(page.includes(`"${prefix}"`), `no ${prefix} ids`);
    }
  });
});

/** JSON Schemas for the risk manager, as a Standard JSON Schema validator would give them. */
const ORDER_SCHEMA = {
  type: "object",
  properties: {
    orderId: { type: "string", minLength: 1 },
    symbol: { type: "string", minLength: 1 },
    side: { enum: ["buy", "sell"] },
    quantity: { type: "integer", exclusiveMinimum: 0 },
    price: { type: "number", exclusiveMinimum: 0 },
  },
  required: ["orderId", "symbol", "side", "quantity", "price"],
  additionalProperties: false,
};
const RISK_SCHEMAS = {
  args: {
    type: "object",
    properties: {
      maxPositionSize: { type: "integer", exclusiveMinimum: 0 },
      executor: { type: "string" },
    },
    additionalProperties: false,
  },
  message: {
    oneOf: [
      {
        title: "check",
        type: "object",
        properties: { type: { const: "check" }, order: ORDER_SCHEMA },
        required: ["type", "order"],
      },
      {
        title: "reset",
        type: "object",
        properties: { type: { const: "reset" } },
        required: ["type"],
      },
    ],
  },
  ask: null,
};

/** The load: four workers and a slow sink under `/load`. */
const worker = defineActor({
  kind: "load-worker",
  init: () => 0,
  receive: (n: number, _msg: "work") => n + 1,
  snapshot: (n: number) => ({ handled: n }),
});
const sink = defineActor({
  kind: "slow-sink",
  init: () => 0,
  async receive(n: number, _msg: "item") {
    await new Promise((resolve) => setTimeout(resolve, 15));
    return n + 1;
  },
});

describe("the dashboard in Chromium, trading demo under load", () => {
  let server: RunningServer;
  let browser: Browser;
  let load: ReturnType<typeof setInterval> | undefined;
  const requests: string[] = [];

  // Set up by the first test that needs it and torn down by the last test
  // (Bun's node:test ignores the timeout of before/after hooks, and starting
  // Chromium on a loaded machine can take longer than its 5 s default).
  let starting: Promise<void> | null = null;
  let closed = false;
  const ready = () => starting ??= setUp();

  async function setUp(): Promise<void> {
    server = await startServer(currentRuntime(), {
      host: "127.0.0.1",
      port: 0,
      token: TOKEN,
      demo: "trading",
      allowFaultInjection: true,
    });
    const workers = ["w0", "w1", "w2", "w3"];
    server.system.spawn(
      supervisor({
        children: [
          ...workers.map((id) => childSpec(id, worker)),
          childSpec("sink", sink),
        ],
      }),
      { name: "load" },
    );
    let tick = 0;
    // Bounded: a few thousand messages a second, bursts to the sink, until
    // the tests end.
    load = setInterval(() => {
      tick++;
      const burst = 200 + 150 * Math.round(2 + 2 * Math.sin(tick / 8));
      for (const id of workers) {
        const ref = server.system.lookup(`/load/${id}`);
        for (let i = 0; i < burst; i++) ref?.tell("work" as never);
      }
      if (tick % 10 === 0) {
        const ref = server.system.lookup("/load/sink");
        for (let i = 0; i < 40; i++) ref?.tell("item" as never);
      }
    }, 100);
    browser = await launch();
    browser.context.on("request", (request) => requests.push(request.url()));
  }

  async function tearDown(): Promise<void> {
    if (closed) return;
    closed = true;
    clearInterval(load);
    await browser?.close();
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  }

  // A safety net when the last test did not run (a filtered run): not
  // awaited, so no hook timeout applies.
  after(() => {
    if (starting !== null) void tearDown();
  });

  const open = () => browser.open(`${server.url}/#token=${TOKEN}`);

  function points(page: Page, chart: string, atLeast: number) {
    return page.waitForFunction(
      ([id, n]) =>
        Number(
          document.querySelector(`[data-testid="chart-${id}"]`)?.getAttribute(
            "data-points",
          ),
        ) >= n,
      [chart, atLeast] as const,
      { timeout: 60_000 },
    );
  }

  test("the overview charts fill in live, once a second", OPTIONS, async () => {
    await ready();
    const page = await open();
    // The token left the address bar and stays in this tab's session only.
    assert.equal(page.url(), `${server.url}/`);
    assert.equal(
      await page.evaluate(() => sessionStorage.getItem("understudy.token")),
      TOKEN,
    );
    await page.getByTestId("connection").filter({ hasText: "live" }).waitFor();
    await points(page, "processed", 3);
    const lines = page.getByTestId("chart-processed").locator("polyline");
    assert.ok(await lines.count() >= 1, "the processed chart has a line");
    // A fault from the API shows up in the restarts chart's window total.
    const fault = await fetch(`${server.url}/v1/actors${RISK}/$fault`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    assert.equal(fault.status, 202);
    await fault.body?.cancel();
    await page.getByTestId("kpi-restarts").locator("b").filter({
      hasNotText: /^0$/,
    }).waitFor({ timeout: 30_000 });
    // The busiest mailboxes include the slow sink under its bursts.
    await page.getByTestId("chart-mailboxes").locator("figcaption").filter({
      hasText: "/load/sink",
    }).waitFor({ timeout: 30_000 });
    const rate = await page.getByTestId("kpi-rate").locator("b").textContent();
    assert.ok(rate !== "\u2013" && rate !== "0", `messages/s shown: ${rate}`);
    await points(page, "processed", UPDATE ? 40 : 5);
    await screenshot(page, "dashboard.png");
    await page.close();
    const foreign = requests.filter((url) =>
      !url.startsWith(`${server.url}/`) && !url.startsWith("data:")
    );
    assert.deepEqual(foreign, [], "nothing fetched from anywhere else");
    assert.ok(requests.every((url) => !url.includes(TOKEN)));
  });

  test("the actor table sorts and filters", OPTIONS, async () => {
    await ready();
    const page = await open();
    await page.getByTestId("tab-actors").click();
    const rows = page.getByTestId("actor-row");
    await rows.first().waitFor();
    const firstPath = () => rows.first().getAttribute("data-path");
    await page.getByTestId("sort-path").click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="actor-row"]')?.getAttribute(
        "data-path",
      ) === "/load"
    );
    assert.equal(
      await page.locator('[data-key="path"]').getAttribute("aria-sort"),
      "ascending",
    );
    await page.getByTestId("sort-path").click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="actor-row"]')?.getAttribute(
        "data-path",
      ) === "/trading/trader"
    );
    await page.getByTestId("sort-processed").click();
    assert.equal(
      await page.locator('[data-key="processed"]').getAttribute("aria-sort"),
      "descending",
    );
    assert.match(await firstPath() ?? "", /^\/load\/w\d$/);
    await page.getByTestId("actor-filter").fill("risk");
    await page.getByTestId("actor-row").filter({ hasText: "risk-manager" })
      .waitFor();
    assert.equal(await rows.count(), 1);
    await page.getByTestId("actor-filter").fill("");
    await page.getByTestId("status-filter").selectOption("stopped");
    await page.getByText("No actor matches.").waitFor();
    await page.close();
  });

  test(
    "the detail pane shows a restart, its time and the actor's state",
    OPTIONS,
    async () => {
      await ready();
      const page = await open();
      await page.getByTestId("tab-tree").click();
      await page.getByTestId(`node-${RISK}`).click();
      const detail = page.getByTestId("detail");
      await detail.getByTestId("detail-status").filter({ hasText: "running" })
        .waitFor();
      const restarts = async () =>
        Number(
          (await detail.getByTestId("detail-restarts").textContent())!
            .split(" ")[0],
        );
      const before = await restarts();
      await detail.getByRole("button", { name: `Inject fault ${RISK}` })
        .click();
      await page.waitForFunction(
        (n) =>
          Number(
            document.querySelector('[data-testid="detail-restarts"]')
              ?.textContent
              ?.split(" ")[0],
          ) > n,
        before,
      );
      await detail.getByTestId("detail-last-error").filter({
        hasText: "Fault injected from the dashboard",
      }).waitFor();
      assert.match(
        await detail.getByTestId("detail-last-error").textContent() ?? "",
        /Last error at \d\d:\d\d:\d\d/,
      );
      assert.ok(
        Number(
          await detail.getByTestId("detail-timeline").getAttribute(
            "data-restarts",
          ),
        ) >= 1,
        "the timeline marks the restart",
      );
      assert.match(
        await detail.getByTestId("detail-incarnation").textContent() ?? "",
        new RegExp(`^#${before + 2}`),
      );
      await detail.getByTestId("detail-snapshot").filter({
        hasText: "exposure",
      })
        .waitFor();
      await page.waitForFunction(
        (n) =>
          Number(
            document.querySelector('[data-testid="detail-sparkline"]')
              ?.getAttribute("data-points"),
          ) >= n,
        UPDATE ? 20 : 2,
        { timeout: 60_000 },
      );
      // The tree marks the restart on the risk manager and the intensity of
      // its supervisor.
      assert.ok(
        Number(await page.getByTestId(`restarts-${RISK}`).textContent()) >
          before,
      );
      assert.match(
        await page.getByTestId("intensity-/trading").textContent() ?? "",
        /^[1-9]\d*\/\d+ in \d+s$/,
      );
      await screenshot(page, "dashboard-detail.png");
      await page.keyboard.press("Escape");
      await detail.waitFor({ state: "hidden" });
      await page.close();
    },
  );

  test(
    "the tree collapses and expands, by mouse and by keyboard",
    OPTIONS,
    async () => {
      await ready();
      const page = await open();
      await page.getByTestId("tab-tree").click();
      const trader = page.getByTestId("node-/trading/trader");
      await trader.waitFor();
      await page.getByTestId("toggle-/trading").click();
      await trader.waitFor({ state: "detached" });
      const root = page.getByTestId("node-/trading");
      await root.focus();
      await page.keyboard.press("ArrowRight");
      await trader.waitFor();
      await page.keyboard.press("ArrowDown");
      assert.equal(
        await page.evaluate(() =>
          document.activeElement?.getAttribute("data-path")
        ),
        "/trading/order-executor",
      );
      await page.keyboard.press("Enter");
      await page.getByTestId("detail-path").filter({
        hasText: "/trading/order-executor",
      }).waitFor();
      await page.close();
    },
  );

  test(
    "forms show validation errors inline; a valid spawn opens the new actor",
    OPTIONS,
    async () => {
      await ready();
      const page = await open();
      await page.getByTestId("tab-spawn").click();
      const form = page.getByTestId("spawn-form");
      await form.getByLabel("Kind").selectOption("risk-manager");
      // With a JSON Schema the kind gets fields, else a JSON text area.
      const json = (await form.locator("textarea").count()) > 0;
      const args = form.getByLabel(/^maxPositionSize/);
      await form.getByLabel("Name (optional)").fill("risk-2");
      if (json) await form.locator("textarea").fill('{"maxPositionSize": -5}');
      else await args.fill("-5");
      await form.getByRole("button", { name: "Spawn" }).click();
      await form.getByTestId("form-error").or(form.getByTestId("field-error"))
        .filter({ hasText: /maxPositionSize|must be/ }).first().waitFor();
      if (json) {
        await form.locator("textarea").fill("{not json");
        await form.getByRole("button", { name: "Spawn" }).click();
        await form.getByTestId("field-error").filter({
          hasText: "not valid JSON",
        }).waitFor();
        await form.locator("textarea").fill('{"maxPositionSize": 500}');
      } else {
        await args.fill("500");
      }
      await form.getByRole("button", { name: "Spawn" }).click();
      await page.getByTestId("detail-path").filter({
        hasText: "/spawned/risk-2",
      }).waitFor();
      await page.getByTestId("detail-status").filter({ hasText: "running" })
        .waitFor();
      // Tell from the detail pane: a bad message is refused inline.
      const tell = page.getByTestId("tell-form");
      await tell.waitFor();
      if (await tell.locator("textarea").count()) {
        await tell.locator("textarea").fill('{"type": "nonsense"}');
      }
      await tell.getByRole("button", { name: "Send" }).click();
      await tell.getByTestId("form-error").filter({ hasText: /\S/ }).waitFor();
      await page.close();
    },
  );

  test(
    "spawn and tell forms are generated from the kinds' JSON Schemas",
    OPTIONS,
    async () => {
      await ready();
      const page = await browser.context.newPage();
      // The catalog's validators here are plain functions without a JSON
      // Schema; the page is given schemas for the risk manager as a validator
      // that offers Standard JSON Schema would produce them.
      await page.route("**/v1/kinds", async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        for (const kind of body.items) {
          if (kind.name === "risk-manager") kind.schemas = RISK_SCHEMAS;
        }
        await route.fulfill({ response, json: body });
      });
      const posts: string[] = [];
      page.on("request", (request) => {
        if (request.method() === "POST") {
          posts.push(new URL(request.url()).pathname);
        }
      });
      await page.goto(`${server.url}/#token=${TOKEN}`);
      await page.getByTestId("tab-spawn").click();
      const form = page.getByTestId("spawn-form");
      await form.getByLabel("Kind").selectOption("risk-manager");
      const limit = form.getByLabel(/^maxPositionSize/);
      await limit.fill("-5");
      await form.getByLabel("Name (optional)").fill("risk-3");
      await form.getByRole("button", { name: "Spawn" }).click();
      await form.getByTestId("field-error").filter({
        hasText: "must be greater than 0",
      }).waitFor();
      assert.equal(await limit.getAttribute("aria-invalid"), "true");
      assert.equal(posts.length, 0, "nothing sent while a field is invalid");
      await limit.fill("300");
      await form.getByRole("button", { name: "Spawn" }).click();
      await page.getByTestId("detail-path").filter({
        hasText: "/spawned/risk-3",
      }).waitFor();
      const tell = page.getByTestId("tell-form");
      await tell.getByLabel("message type").selectOption("check");
      await tell.getByLabel(/^orderId/).fill("ORDER-77");
      await tell.getByLabel(/^symbol/).fill("AAPL");
      await tell.getByLabel(/^side/).selectOption("buy");
      await tell.getByLabel(/^quantity/).fill("0");
      await tell.getByLabel(/^price/).fill("101.5");
      await tell.getByRole("button", { name: "Send" }).click();
      await tell.getByTestId("field-error").filter({
        hasText: "must be greater than 0",
      }).waitFor();
      await tell.getByLabel(/^quantity/).fill("10");
      await tell.getByRole("button", { name: "Send" }).click();
      await page.getByTestId("toast").filter({ hasText: /^Told .*risk-3$/ })
        .waitFor();
      await tell.getByLabel("message type").selectOption("reset");
      await tell.getByRole("button", { name: "Send" }).click();
      await page.getByTestId("toast").filter({ hasText: /^Told / }).waitFor();
      assert.ok(posts.some((p) => p.endsWith("/risk-3/$tell")));
      await page.close();
    },
  );

  test(
    "untrusted text from the server is shown as text, never as markup",
    OPTIONS,
    async () => {
      await ready();
      const page = await open();
      await page.getByTestId("connection").filter({ hasText: "live" })
        .waitFor();
      await page.getByTestId("tab-events").click();
      const payload = `<img src=x onerror="window.__pwned=1">`;
      const response = await fetch(
        `${server.url}/v1/actors/trading/order-book/$fault`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${TOKEN}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ message: payload }),
        },
      );
      assert.ok(response.ok, `$fault answered ${response.status}`);
      await response.body?.cancel();
      await page.getByTestId("events").getByText(payload).first().waitFor();
      assert.equal(await page.evaluate(() => "__pwned" in window), false);
      assert.equal(await page.locator("#events img").count(), 0);
      await page.close();
    },
  );

  test(
    "without a token it asks for one; a wrong token is refused",
    OPTIONS,
    async () => {
      await ready();
      const page = await browser.open(`${server.url}/`);
      await page.getByTestId("token-form").waitFor();
      assert.equal(await page.getByTestId("tab-overview").isVisible(), false);
      await page.getByLabel("Bearer token").fill("not-the-token");
      await page.getByRole("button", { name: "Connect" }).click();
      await page.getByRole("alert").filter({ hasText: "rejected" }).waitFor();
      assert.equal(
        await page.evaluate(() => sessionStorage.getItem("understudy.token")),
        null,
      );
      await page.getByLabel("Bearer token").fill(TOKEN);
      await page.getByRole("button", { name: "Connect" }).click();
      await page.getByTestId("connection").filter({ hasText: "live" })
        .waitFor();
      await page.close();
    },
  );

  test("light and dark mode, and a narrow window", OPTIONS, async () => {
    await ready();
    const page = await open();
    await page.getByTestId("connection").filter({ hasText: "live" }).waitFor();
    const theme = () =>
      page.evaluate(() => document.documentElement.getAttribute("data-theme"));
    const first = await theme();
    await page.getByRole("button", { name: /light and dark/ }).click();
    assert.notEqual(await theme(), first);
    const background = await page.evaluate(() =>
      getComputedStyle(document.body).backgroundColor
    );
    await page.getByRole("button", { name: /light and dark/ }).click();
    assert.equal(await theme(), first);
    assert.notEqual(
      await page.evaluate(() =>
        getComputedStyle(document.body).backgroundColor
      ),
      background,
    );
    await page.setViewportSize({ width: 400, height: 800 });
    await page.getByTestId("tab-tree").click();
    await page.getByTestId(`node-${RISK}`).click();
    const box = await page.getByTestId("detail").boundingBox();
    assert.ok(box && box.width >= 380, "the detail pane covers the window");
    const scroll = await page.evaluate(() =>
      document.documentElement.scrollWidth <= globalThis.innerWidth
    );
    assert.ok(scroll, "no horizontal scrolling");
    await page.close();
  });
  test("closes the browser and the server cleanly", OPTIONS, async () => {
    await ready();
    await tearDown();
    assert.equal(server.system.status, "terminated");
  });
});
