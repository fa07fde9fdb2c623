/**
 * The dashboard in headless Chromium (playwright-core driving Debian's
 * `/usr/bin/chromium`, never a downloaded browser) against the real server:
 * `startServer` with the trading demo on a free loopback port. Takes the
 * README screenshot (saved to `docs/dashboard.png` when
 * `UNDERSTUDY_UPDATE_SCREENSHOT=1`). Skipped with a message when
 * Chromium is not installed, unless `UNDERSTUDY_REQUIRE_E2E=1`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { currentRuntime } from "../../src/cli/runtime.ts";
import { dashboardPage } from "../../src/http/dashboard.ts";
import { type RunningServer, startServer } from "../../src/cli/serve.ts";
import { missing } from "../cli/_process.ts";

const CHROMIUM = "/usr/bin/chromium";
const skip = missing(CHROMIUM, "install it with: apt-get install -y chromium");
const OPTIONS = { skip, timeout: 90_000 };
const TOKEN = "dashboard-token-7c1e9b";
const RISK = "/trading/risk-manager";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/**
 * Where the screenshot goes: `docs/dashboard.png` (the README's) when
 * `UNDERSTUDY_UPDATE_SCREENSHOT=1`, else a temporary file, so an ordinary
 * test run never changes the working tree.
 */
function screenshotPath(profile: string): string {
  return process.env.UNDERSTUDY_UPDATE_SCREENSHOT === "1"
    ? fileURLToPath(new URL("../../docs/dashboard.png", import.meta.url))
    : join(profile, "dashboard.png");
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
    for (const id of ["tree", "events", "connection", "token-form", "system"]) {
      assert.ok(page.includes(`data-testid="${id}"`), `no data-testid="${id}"`);
    }
    for (const prefix of ["node-", "status-", "restarts-", "mailbox-"]) {
      assert.ok(page.includes(`"${prefix}"`), `no ${prefix} ids`);
    }
  });
});

describe("the dashboard in Chromium", () => {
  let server: RunningServer;
  let browser: BrowserContext;
  let profile: string;
  const requests: string[] = [];

  before(async () => {
    if (skip) return;
    server = await startServer(currentRuntime(), {
      host: "127.0.0.1",
      port: 0,
      token: TOKEN,
      demo: "trading",
      allowFaultInjection: true,
    });
    const { chromium } = await import("playwright-core");
    profile = mkdtempSync(join(tmpdir(), "understudy-chromium-"));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: CHROMIUM_ARGS,
    });
    browser.setDefaultTimeout(20_000);
    browser.on("request", (request) => requests.push(request.url()));
  }, { timeout: 60_000 });

  after(async () => {
    if (skip) return;
    await browser?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  }, { timeout: 60_000 });

  async function open(fragment: string): Promise<Page> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("close", () => assert.deepEqual(errors, [], "script errors"));
    await page.goto(`${server.url}/${fragment}`);
    return page;
  }

  function restarts(page: Page, path: string): Promise<number> {
    return page.getByTestId(`restarts-${path}`).textContent().then(Number);
  }

  test(
    "shows the live tree; an injected fault raises the risk manager's restart count",
    OPTIONS,
    async () => {
      const page = await open(`#token=${TOKEN}`);
      await page.getByTestId(`node-${RISK}`).waitFor();
      // The token left the address bar and stays in this tab's session only.
      assert.equal(page.url(), `${server.url}/`);
      assert.equal(
        await page.evaluate(() => sessionStorage.getItem("understudy.token")),
        TOKEN,
      );
      for (
        const path of [
          "/trading",
          "/trading/order-executor",
          "/trading/order-book",
          "/trading/market-data",
          "/trading/trader",
        ]
      ) {
        await page.getByTestId(`node-${path}`).waitFor();
      }
      assert.equal(
        await page.getByTestId(`status-${RISK}`).textContent(),
        "running",
      );
      assert.match(
        await page.getByTestId("node-/trading").locator(".strategy").first()
          .textContent() ?? "",
        /one-for-one/,
      );
      await page.getByTestId("connection").filter({ hasText: "live" })
        .waitFor();

      const before = await restarts(page, RISK);
      await page.getByRole("button", { name: `Inject fault ${RISK}` }).click();
      await page.waitForFunction(
        ([testId, n]) =>
          Number(
            document.querySelector(`[data-testid="${testId}"]`)?.textContent,
          ) > n,
        [`restarts-${RISK}`, before] as const,
      );
      assert.ok((await restarts(page, RISK)) > before);
      // The restart also arrived over the event stream.
      await page.locator(
        `[data-testid="event"][data-type="restarted"][data-path="${RISK}"]`,
      ).first().waitFor();
      await page.locator(
        `[data-testid="event"][data-type="failed"][data-path="${RISK}"]`,
      ).first().waitFor();

      const screenshot = screenshotPath(profile);
      mkdirSync(dirname(screenshot), { recursive: true });
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshot, animations: "disabled" });
      assert.ok(
        statSync(screenshot).size > 10_000,
        "the screenshot has content",
      );
      await page.close();

      // Nothing was fetched from anywhere else, and no request carried the
      // token in its URL.
      const foreign = requests.filter((url) =>
        !url.startsWith(`${server.url}/`) && !url.startsWith("data:")
      );
      assert.deepEqual(foreign, []);
      assert.ok(requests.every((url) => !url.includes(TOKEN)));
    },
  );

  test("restart and stop buttons act on the actor", OPTIONS, async () => {
    const page = await open(`#token=${TOKEN}`);
    const trader = "/trading/trader";
    await page.getByTestId(`node-${trader}`).waitFor();
    const before = await restarts(page, trader);
    await page.getByTestId(`restart-${trader}`).click();
    await page.waitForFunction(
      ([testId, n]) =>
        Number(
          document.querySelector(`[data-testid="${testId}"]`)?.textContent,
        ) > n,
      [`restarts-${trader}`, before] as const,
    );
    await page.getByTestId(`stop-${trader}`).click();
    await page.getByTestId("toast").filter({ hasText: `Stopped ${trader}` })
      .waitFor();
    await page.close();
  });

  test(
    "untrusted text from the server is shown as text, never as markup",
    OPTIONS,
    async () => {
      const page = await open(`#token=${TOKEN}`);
      await page.getByTestId("connection").filter({ hasText: "live" })
        .waitFor();
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
      const page = await open("");
      await page.getByTestId("token-form").waitFor();
      assert.equal(await page.getByTestId(`node-${RISK}`).count(), 0);
      await page.getByLabel("Bearer token").fill("not-the-token");
      await page.getByRole("button", { name: "Connect" }).click();
      await page.getByRole("alert").filter({ hasText: "rejected" }).waitFor();
      assert.equal(
        await page.evaluate(() => sessionStorage.getItem("understudy.token")),
        null,
      );
      await page.getByLabel("Bearer token").fill(TOKEN);
      await page.getByRole("button", { name: "Connect" }).click();
      await page.getByTestId(`node-${RISK}`).waitFor();
      await page.close();
    },
  );
});

describe("the dashboard without fault injection", () => {
  test(
    "offers stop and restart but no inject-fault button",
    OPTIONS,
    async () => {
      const server = await startServer(currentRuntime(), {
        host: "127.0.0.1",
        port: 0,
        token: TOKEN,
        demo: "trading",
      });
      const { chromium } = await import("playwright-core");
      const profile = mkdtempSync(join(tmpdir(), "understudy-chromium-"));
      const browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      });
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}/#token=${TOKEN}`);
        await page.getByTestId(`stop-${RISK}`).waitFor();
        await page.getByTestId("system").filter({
          hasText: "fault injection off",
        })
          .waitFor();
        assert.equal(await page.getByTestId(`fault-${RISK}`).count(), 0);
      } finally {
        await browser.close();
        await server.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  );
});
