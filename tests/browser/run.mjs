// The browser suite: serves a built stegvis site with a plain static server
// (python3 -m http.server) and drives it in headless Chromium through
// playwright-core. It checks what people get from the pages: the language
// switcher, search per locale, step lists (anchors, ticks, copied links), the
// lightbox, no console errors or failed requests, no request to another host,
// axe-core at WCAG 2.1 AA on every page, and the Nu HTML Checker on every page.
//
//   node run.mjs <built site> <screenshot folder>
//
// Every wait is for a condition (an element, a URL, a state), with a time-out
// that fails the check with a message saying what did not happen.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [siteArg, shotsArg] = process.argv.slice(2);
if (!siteArg || !shotsArg) {
  console.error("usage: node run.mjs <built site> <screenshot folder>");
  process.exit(2);
}
const site = path.resolve(siteArg);
const shots = path.resolve(shotsArg);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = 15_000;

// The pages of the example site the checks below rely on.
const ARTICLE = "writing/step-lists/";
const STEP = "write-a-procedure-step-2";
const LIGHTBOX_ARTICLE = "writing/images/";
const SEARCHES = [
  // locale, query, the article expected among the results, optionally a
  // heading or step expected among the places its result links to, and
  // whether the query is a form the article does not have (found by stemming)
  { locale: "nl-NL", query: "afbeelding", expect: "writing/images/" },
  { locale: "nl-NL", query: "gebiedende", expect: "writing/step-lists/", place: /#write-a-procedure-step-2$/ },
  { locale: "nl-NL", query: "tickets", expect: "writing/step-lists/", place: /#step-ids$/, stemmed: true },
  { locale: "sv-SE", query: "bilderna", expect: "writing/images/" },
  { locale: "sv-SE", query: "uppmaningar", expect: "writing/step-lists/", place: /#write-a-procedure-step-2$/, stemmed: true },
];

let passed = 0;
const failures = [];
async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name}\n     ${String(error?.message || error).split("\n").join("\n     ")}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Every HTML page of the built site, as site paths (`nl-NL/x/index.html`).
function htmlFiles(dir, base = dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...htmlFiles(full, base));
    else if (name.endsWith(".html")) found.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return found.sort();
}

// python3 -m http.server on a free port; resolves with its origin once it
// says it is serving.
function serve(root) {
  return new Promise((resolve, reject) => {
    const server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => reject(new Error(`the static server did not start:\n${output}`)), TIMEOUT);
    server.stdout.on("data", (chunk) => {
      output += chunk;
      const port = /port (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ origin: `http://127.0.0.1:${port}`, server });
      }
    });
    server.stderr.on("data", () => {}); // its request log
    server.on("exit", (code) => reject(new Error(`the static server exited with ${code}:\n${output}`)));
  });
}

const pages = htmlFiles(site);
assert(pages.length > 0, `no HTML pages in ${site}`);
const { origin, server } = await serve(site);
const profile = mkdtempSync(path.join(tmpdir(), "stegvis-chromium-"));
mkdirSync(shots, { recursive: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  viewport: { width: 1280, height: 900 },
  // A copied link is read back from the clipboard.
  permissions: ["clipboard-read", "clipboard-write"],
});
context.setDefaultTimeout(TIMEOUT);

// What went wrong on the pages: console errors, failed requests, requests
// to another host (which are refused, so nothing leaves the machine).
const problems = [];
context.on("console", (message) => {
  if (message.type() === "error") problems.push(`console error on ${message.page()?.url()}: ${message.text()}`);
});
context.on("weberror", (error) => problems.push(`uncaught error: ${error.error().message}`));
context.on("requestfailed", (request) => {
  if (!request.url().startsWith(origin + "/")) return; // refused below, and reported there
  // A request the browser itself gave up because the page went on (the next
  // navigation of a check) did not fail; a missing file is a 404 response.
  if (request.failure()?.errorText === "net::ERR_ABORTED") return;
  problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
});
context.on("response", (response) => {
  if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
});
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(origin + "/") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
  problems.push(`request to another host: ${url}`);
  return route.abort("blockedbyclient");
});
const takeProblems = () => problems.splice(0, problems.length);

const page = context.pages()[0] || (await context.newPage());
const url = (sitePath) => `${origin}/${sitePath}`;
const axeSource = require.resolve("axe-core/axe.min.js");

async function axe(target) {
  await target.addScriptTag({ path: axeSource });
  const result = await target.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n       ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n       ")}`);
  });
  return result;
}

async function stepInView(target, id) {
  await target.waitForFunction(
    (id) => {
      const el = document.getElementById(id);
      if (!el) return false;
      const box = el.getBoundingClientRect();
      return box.top >= -1 && box.top < innerHeight / 2;
    },
    id,
    { timeout: TIMEOUT },
  );
}

try {
  await check(`every page loads without console errors, failed requests or requests to another host (${pages.length} pages)`, async () => {
    takeProblems();
    const broken = [];
    for (const p of pages) {
      await page.goto(url(p), { waitUntil: "load" });
      if (p.endsWith("search.html")) {
        await page.waitForFunction(() => !document.querySelector(".search-status")?.textContent.includes("JavaScript"));
      }
      // Images below the fold load lazily: load them all, and wait for each.
      await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((i) => (i.loading = "eager")));
      await page.waitForFunction(() => [...document.images].every((i) => i.complete));
      for (const src of await page.$$eval("img[src]", (images) => images.filter((i) => !i.naturalWidth).map((i) => i.src))) {
        broken.push(`${p}: image ${src} did not load`);
      }
    }
    const found = [...takeProblems(), ...broken];
    assert(!found.length, found.join("\n"));
  });

  await check("axe-core: no WCAG 2.1 AA violation on any page, light and dark", async () => {
    const found = [];
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of pages) {
        await page.goto(url(p), { waitUntil: "load" });
        for (const v of await axe(page)) found.push(`${p} (${scheme}): ${v}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    assert(!found.length, found.join("\n"));
  });

  for (const s of SEARCHES) {
    await check(`search on a ${s.locale} page for "${s.query}" finds ${s.expect} of ${s.locale} and nothing of another locale`, async () => {
      await page.goto(url(`${s.locale}/${ARTICLE}`));
      await page.fill("#site-search-q", s.query);
      await page.press("#site-search-q", "Enter");
      await page.waitForURL((u) => u.pathname === `/${s.locale}/search.html` && u.searchParams.get("q") === s.query);
      await page.waitForSelector(".search-result a");
      const results = await page.$$eval(".search-result h2 a", (links) => links.map((a) => new URL(a.href).pathname));
      const places = await page.$$eval(".search-places a", (links) => links.map((a) => a.href));
      assert(results.includes(`/${s.locale}/${s.expect}`), `"${s.query}": ${s.expect} is not among ${results.join(", ")}`);
      const others = [...results, ...places.map((p) => new URL(p).pathname)].filter((r) => !r.startsWith(`/${s.locale}/`));
      assert(!others.length, `results from another locale: ${others.join(", ")}`);
      if (s.place) {
        assert(places.some((p) => s.place.test(p)), `no result links to a place matching ${s.place}: ${places.join(", ")}`);
      }
      if (s.stemmed) {
        // The article has another form of the word only: stemming found it.
        const text = await (await fetch(url(`${s.locale}/${s.expect}`))).text();
        assert(!new RegExp(`\\b${s.query}\\b`, "i").test(text), `the article has "${s.query}" itself`);
      }
      const violations = await axe(page);
      assert(!violations.length, `axe on the results: ${violations.join("\n")}`);
    });
  }

  await check("a search in the address runs on load, and typing searches again", async () => {
    await page.goto(url(`sv-SE/search.html?q=${encodeURIComponent("bilderna")}`));
    await page.waitForSelector(".search-result a");
    assert((await page.inputValue("#site-search-q")) === "bilderna", "the field does not show the query");
    await page.fill("#site-search-q", "flikar");
    await page.waitForURL((u) => u.searchParams.get("q") === "flikar");
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".search-result h2 a")].some((a) => a.pathname === "/sv-SE/writing/tabs/"),
    );
    // A word nowhere in the site says so.
    await page.fill("#site-search-q", "zzxqy");
    await page.waitForFunction(() => document.querySelector(".search-status").textContent.startsWith("Inget hittades"));
    assert(!(await page.$(".search-result")), "results for a word nowhere in the site");
  });

  await check("a step anchor scrolls to the step", async () => {
    for (const locale of ["nl-NL", "sv-SE"]) {
      await page.goto(url(`${locale}/${ARTICLE}#${STEP}`));
      await stepInView(page, STEP);
      assert(await page.$eval(`#${STEP}`, (el) => el.matches(":target")), `${locale}: the step is not the target`);
    }
  });

  await check("the language switcher leads to the same article at the same step, and back", async () => {
    await page.goto(url(`nl-NL/${ARTICLE}#${STEP}`));
    await page.click('.language-switcher a[hreflang="sv-SE"]');
    await page.waitForURL(url(`sv-SE/${ARTICLE}#${STEP}`));
    assert((await page.getAttribute("html", "lang")) === "sv-SE", "not a Swedish page");
    await stepInView(page, STEP);
    await page.click('.language-switcher a[hreflang="nl-NL"]');
    await page.waitForURL(url(`nl-NL/${ARTICLE}#${STEP}`));
    assert((await page.getAttribute("html", "lang")) === "nl-NL", "not a Dutch page");
    await stepInView(page, STEP);
    // A heading, reached after the page loaded, is carried too.
    await page.goto(url(`nl-NL/${ARTICLE}`));
    await page.click('.page-toc a[href="#step-ids"]');
    await page.waitForURL(url(`nl-NL/${ARTICLE}#step-ids`));
    // The address changes before the page's hashchange handler runs (it is
    // a task of its own), so wait for the switcher rather than read it at once.
    const carried = await page
      .waitForFunction(
        (want) => document.querySelector('.language-switcher a[hreflang="sv-SE"]').href.endsWith(want),
        `/sv-SE/${ARTICLE}#step-ids`,
        { timeout: 5000 },
      )
      .then(() => true, () => false);
    const href = await page.getAttribute('.language-switcher a[hreflang="sv-SE"]', "href");
    assert(carried, `the switcher leads to ${href}`);
  });

  await check("ticking a step with the keyboard survives a reload; the clear button unticks", async () => {
    await page.goto(url(`nl-NL/${ARTICLE}`));
    const box = `#${STEP}-done`;
    await page.focus(box);
    await page.keyboard.press("Space");
    assert(await page.isChecked(box), "Space did not tick the step");
    await page.reload();
    await page.waitForFunction((sel) => document.querySelector(sel)?.checked === true, box);
    const clear = `.procedure-meta:has(+ ol.steps #${STEP}) button.steps-clear`;
    await page.waitForSelector(clear, { state: "visible" });
    await page.focus(clear);
    await page.keyboard.press("Enter");
    assert(!(await page.isChecked(box)), "the clear button did not untick the step");
    await page.reload();
    await page.waitForSelector(clear, { state: "visible" });
    assert(!(await page.isChecked(box)), "the cleared tick came back after a reload");
  });

  await check("the copy-link button copies the step's link and says so", async () => {
    await page.goto(url(`sv-SE/${ARTICLE}`));
    const button = `#${STEP} button.step-copy`;
    await page.waitForSelector(button, { state: "visible" });
    await page.focus(button);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => [...document.querySelectorAll('main [role="status"]')].some((r) => r.textContent.trim()));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied === url(`sv-SE/${ARTICLE}#${STEP}`), `the clipboard holds ${copied}`);
  });

  await check("the lightbox opens and closes with the keyboard, and the focus returns", async () => {
    await page.goto(url(`nl-NL/${LIGHTBOX_ARTICLE}`));
    const link = "a.lightbox";
    await page.focus(link);
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog.lightbox-dialog[open] img.lightbox-image");
    await page.waitForFunction(() => document.querySelector("img.lightbox-image")?.naturalWidth > 0);
    assert(await page.evaluate(() => document.activeElement?.closest("dialog[open]") !== null), "the focus is not in the dialog");
    const violations = await axe(page);
    assert(!violations.length, `axe with the dialog open: ${violations.join("\n")}`);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog.lightbox-dialog:not([open])", { state: "attached" });
    assert(await page.evaluate(() => document.activeElement?.matches("a.lightbox")), "Escape: the focus did not return to the link");
    // Again, closed with the close button.
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog.lightbox-dialog[open]");
    await page.keyboard.press("Enter"); // the close button has the focus
    await page.waitForSelector("dialog.lightbox-dialog:not([open])", { state: "attached" });
    assert(await page.evaluate(() => document.activeElement?.matches("a.lightbox")), "close button: the focus did not return to the link");
  });

  await check("without JavaScript: the search page says so, a lightbox link opens the image", async () => {
    // A persistent context cannot turn scripts off for itself; a page of it
    // has them turned off through the DevTools protocol.
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    await p.goto(url("nl-NL/search.html?q=afbeelding"));
    const status = await p.textContent(".search-status");
    assert(status.includes("JavaScript"), `the search page says: ${status}`);
    await p.goto(url(`nl-NL/${LIGHTBOX_ARTICLE}`));
    const href = await p.getAttribute("a.lightbox", "href");
    await p.click("a.lightbox");
    await p.waitForURL((u) => u.pathname === href);
    await p.close();
  });

  await check("screenshots of an article with a procedure, desktop and phone, in each locale", async () => {
    // Jumps, not smooth scrolling, so that a screenshot shows where it went.
    await page.emulateMedia({ reducedMotion: "reduce" });
    for (const locale of ["nl-NL", "sv-SE"]) {
      for (const [name, viewport] of [
        ["desktop", { width: 1280, height: 900 }],
        ["phone", { width: 390, height: 844 }],
      ]) {
        await page.setViewportSize(viewport);
        await page.goto(url(`${locale}/${ARTICLE}`));
        await page.screenshot({ path: path.join(shots, `${locale}-${name}-top.png`) });
        await page.screenshot({ path: path.join(shots, `${locale}-${name}-full.png`), fullPage: true });
        await page.goto(url(`${locale}/${ARTICLE}#write-a-procedure`));
        await stepInView(page, "write-a-procedure");
        await page.check(`#${STEP}-done`);
        await page.screenshot({ path: path.join(shots, `${locale}-${name}-procedure.png`) });
        await page.uncheck(`#${STEP}-done`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ media: "print" });
      await page.goto(url(`${locale}/${ARTICLE}`));
      await page.screenshot({ path: path.join(shots, `${locale}-print.png`), fullPage: true });
      await page.emulateMedia({ media: "screen" });
    }
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(url(`nl-NL/${ARTICLE}#write-a-procedure`));
    await stepInView(page, "write-a-procedure");
    await page.screenshot({ path: path.join(shots, "nl-NL-desktop-dark.png") });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(url(`nl-NL/search.html?q=stap`));
    await page.waitForSelector(".search-result a");
    await page.screenshot({ path: path.join(shots, "nl-NL-search.png"), fullPage: true });
    await page.goto(url(`nl-NL/${LIGHTBOX_ARTICLE}`));
    await page.click("a.lightbox");
    await page.waitForFunction(() => document.querySelector("img.lightbox-image")?.naturalWidth > 0);
    await page.screenshot({ path: path.join(shots, "nl-NL-lightbox.png") });
  });

  await check("no console errors or failed requests during the checks above", async () => {
    const found = takeProblems();
    assert(!found.length, found.join("\n"));
  });

  await check(`Nu HTML Checker: no errors on any page (${pages.length} pages)`, async () => {
    const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
    const run = spawnSync("java", ["-jar", jar, "--errors-only", "--format", "gnu", ...pages.map((p) => path.join(site, p))], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) throw run.error;
    const report = `${run.stdout}${run.stderr}`.trim();
    assert(run.status === 0 && !report, `vnu exited with ${run.status}:\n${report}`);
  });
} finally {
  await context.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
