// The browsers the browser tests and benchmarks run in, behind one interface: Debian Chromium
// through playwright-core, and Debian Firefox ESR through puppeteer-core over WebDriver BiDi.
// Checks are written once against the Playwright page API (newPage, goto, evaluate,
// waitForFunction, getByRole, locator, keyboard, mouse, screenshot, console and pageerror
// events); for Firefox, FirefoxBrowser below gives puppeteer's pages that API (the part the
// checks use).
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';
export const FIREFOX_EXECUTABLE = '/usr/bin/firefox-esr';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Firefox preferences: a real-time AudioContext runs headless only on the mock audio backend
 * (cubeb's mock context, 44100 Hz); autoplay allowed; fake media devices when asked.
 */
const FIREFOX_PREFS = {
  'media.cubeb.force_mock_context': true,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
};
const FIREFOX_FAKE_MEDIA_PREFS = { 'media.navigator.streams.fake': true };

/** The browser names `launchBrowser` takes, in the order the suites run them. */
export const BROWSER_NAMES = ['chromium', 'firefox'];

/**
 * Parses `--browser chromium|firefox|all` (default `all`) out of `argv`; returns { browsers,
 * rest } where rest is argv without the option.
 */
export function browserOption(argv) {
  const rest = [...argv];
  const at = rest.indexOf('--browser');
  let value = 'all';
  if (at >= 0) {
    value = rest[at + 1];
    rest.splice(at, 2);
  }
  const browsers = value === 'all' ? BROWSER_NAMES : [value];
  for (const name of browsers) {
    if (!BROWSER_NAMES.includes(name)) {
      throw new Error(`--browser ${value}: unknown browser (allowed: ${BROWSER_NAMES.join(', ')}, all)`);
    }
  }
  return { browsers, rest };
}

/**
 * Launches `name` ('chromium' or 'firefox') headless. `fakeMedia`: a fake microphone that
 * getUserMedia may open without asking; `extraArgs`: more Chromium switches. Resolves to a
 * browser with `name`, `version()`, `newPage()`, `newContext(options)` and `close()` (Playwright's API).
 */
export async function launchBrowser(name, { fakeMedia = false, extraArgs = [] } = {}) {
  if (name === 'chromium') {
    const args = [...CHROMIUM_ARGS, ...(fakeMedia ? ['--use-fake-device-for-media-stream'] : []), ...extraArgs];
    const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args });
    browser.name = 'chromium';
    return browser;
  }
  if (name === 'firefox') {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_EXECUTABLE,
      headless: true,
      extraPrefsFirefox: { ...FIREFOX_PREFS, ...(fakeMedia ? FIREFOX_FAKE_MEDIA_PREFS : {}) },
    });
    return new FirefoxBrowser(browser, await browser.version());
  }
  throw new Error(`unknown browser '${name}' (allowed: ${BROWSER_NAMES.join(', ')})`);
}

/** Playwright's key names that puppeteer spells differently. */
const KEY_NAMES = { Space: ' ' };

class FirefoxBrowser {
  name = 'firefox';

  constructor(browser, version) {
    this.browser = browser;
    this.versionText = version;
  }

  version() {
    return this.versionText;
  }

  /**
   * A page in a new browser context of its own (no shared cache or storage) with a 1280×720
   * viewport, as Playwright's browser.newPage.
   */
  async newPage() {
    const context = await this.browser.createBrowserContext();
    const raw = await context.newPage();
    await raw.setViewport({ width: 1280, height: 720 });
    const page = new FirefoxPage(raw);
    page.onClose = () => context.close();
    return page;
  }

  /**
   * A separate browser context; `viewport`, `deviceScaleFactor` and `hasTouch` apply to its
   * pages; `permissions` (e.g. ['microphone']) are granted, all others denied, for each origin
   * a page goes to.
   */
  async newContext({ viewport, deviceScaleFactor, hasTouch, permissions } = {}) {
    const context = await this.browser.createBrowserContext();
    const beforeGoto = permissions ? (url) => context.overridePermissions(new URL(url).origin, permissions) : undefined;
    return {
      newPage: async () => {
        const page = await context.newPage();
        if (viewport) await page.setViewport({ ...viewport, deviceScaleFactor: deviceScaleFactor ?? 1, hasTouch: hasTouch ?? false });
        return new FirefoxPage(page, beforeGoto);
      },
      close: () => context.close(),
    };
  }

  close() {
    return this.browser.close();
  }
}

class FirefoxPage {
  timeoutMs = 30_000;

  constructor(page, beforeGoto) {
    this.page = page;
    this.beforeGoto = beforeGoto;
    this.keyboard = {
      press: (key) => page.keyboard.press(KEY_NAMES[key] ?? key),
    };
    this.mouse = {
      move: (x, y, options) => page.mouse.move(x, y, options),
      down: () => page.mouse.down(),
      up: () => page.mouse.up(),
      wheel: (deltaX, deltaY) => page.mouse.wheel({ deltaX, deltaY }),
    };
  }

  setDefaultTimeout(ms) {
    this.timeoutMs = ms;
    this.page.setDefaultTimeout(ms);
  }

  /** 'console' messages say 'warning' as in Playwright (puppeteer: 'warn'). */
  on(event, listener) {
    if (event === 'console') {
      this.page.on('console', (message) => listener({
        type: () => (message.type() === 'warn' ? 'warning' : message.type()),
        text: () => message.text(),
      }));
    } else if (event === 'requestfinished') {
      this.page.on('requestfinished', (request) => listener({
        url: () => request.url(),
        // Content-Length when the server sent one (no second trip for the body), else the body.
        sizes: async () => {
          const response = request.response();
          const length = Number(response?.headers()['content-length']);
          if (Number.isFinite(length)) return { responseBodySize: length };
          const body = await Promise.resolve(response?.buffer()).catch(() => undefined);
          return { responseBodySize: body?.length ?? -1 };
        },
      }));
    } else {
      this.page.on(event, listener);
    }
  }

  async goto(url, { waitUntil = 'load' } = {}) {
    await this.beforeGoto?.(url);
    return this.page.goto(url, { waitUntil });
  }

  title() {
    return this.page.title();
  }

  evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }

  waitForFunction(fn, arg, { timeout } = {}) {
    return this.page.waitForFunction(fn, { timeout: timeout ?? this.timeoutMs, polling: 20 }, arg);
  }

  waitForTimeout(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  screenshot(options) {
    return this.page.screenshot(options);
  }

  /** Keeps the page's device scale factor and touch setting, as Playwright does. */
  setViewportSize({ width, height }) {
    return this.page.setViewport({ ...this.page.viewport(), width, height });
  }

  getByRole(role, { name, exact = false } = {}) {
    return new FirefoxLocator(this, [{ role, name, exact }]);
  }

  locator(selector) {
    return new FirefoxLocator(this, [toPuppeteerSelector(selector)]);
  }

  async close() {
    await this.page.close();
    await this.onClose?.();
  }
}

/** 'xpath=…' (Playwright) → '::-p-xpath(…)' (puppeteer); CSS as is. */
function toPuppeteerSelector(selector) {
  return selector.startsWith('xpath=') ? `::-p-xpath(${selector.slice('xpath='.length)})` : selector;
}

/**
 * In the page: the first visible element with ARIA `role` (explicit, or implicit from its tag)
 * and accessible name `name` (aria-labelledby, aria-label, its labels, its text; exact, or as
 * a case-insensitive substring as Playwright's getByRole), or null. Runs in the page: puppeteer's
 * ::-p-aria selector walks Firefox's accessibility tree and takes seconds while the demo animates.
 */
function findByRole({ role, name, exact }) {
  const IMPLICIT = {
    button: 'button, input[type=button], input[type=submit], input[type=reset]',
    slider: 'input[type=range]',
    spinbutton: 'input[type=number]',
    checkbox: 'input[type=checkbox]',
    radio: 'input[type=radio]',
    combobox: 'select',
    textbox: 'input:not([type]), input[type=text], textarea',
  };
  const clean = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
  const accessibleName = (element) => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) return clean(labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    if (element.hasAttribute('aria-label')) return clean(element.getAttribute('aria-label'));
    if (element.labels && element.labels.length > 0) return clean([...element.labels].map((l) => l.textContent).join(' '));
    if (element.tagName === 'BUTTON' || element.getAttribute('role')) return clean(element.textContent) || clean(element.title);
    return clean(element.title);
  };
  const candidates = [...document.querySelectorAll(`[role="${role}"]${IMPLICIT[role] ? `, ${IMPLICIT[role]}` : ''}`)]
    .filter((element) => (element.getAttribute('role') ?? role) === role);
  const matches = (text) => (exact ? text === name : text.toLowerCase().includes(String(name).toLowerCase()));
  return candidates.find((element) => name === undefined || matches(accessibleName(element))) ?? null;
}

/**
 * A chain of steps resolved when used (each inside the previous match), as Playwright's
 * locators: CSS or xpath selectors, or { role, name, exact } (first step only).
 */
class FirefoxLocator {
  constructor(page, selectors) {
    this.owner = page;
    this.selectors = selectors;
  }

  locator(selector) {
    return new FirefoxLocator(this.owner, [...this.selectors, toPuppeteerSelector(selector)]);
  }

  async handle() {
    let scope = this.owner.page;
    for (const selector of this.selectors) {
      const found = typeof selector === 'string'
        ? await scope.waitForSelector(selector, { timeout: this.owner.timeoutMs })
        : await this.findRole(selector);
      if (!found) throw new Error(`no element matches ${this.selectors.join(' >> ')}`);
      scope = found;
    }
    return scope;
  }

  async findRole(query) {
    const { page, timeoutMs } = this.owner;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const handle = await page.evaluateHandle(findByRole, query);
      const element = handle.asElement();
      if (element) return element;
      await handle.dispose();
      if (Date.now() > deadline) throw new Error(`no ${query.role} named "${query.name}" within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async run(fn, arg) {
    const handle = await this.handle();
    try {
      return await handle.evaluate(fn, arg);
    } finally {
      await handle.dispose();
    }
  }

  async click() {
    const handle = await this.handle();
    await handle.click();
  }

  focus() {
    return this.run((element) => element.focus());
  }

  /** Sets the value and fires input and change, as Playwright does for range and number inputs. */
  fill(value) {
    return this.run((element, text) => {
      element.focus();
      element.value = text;
      element.dispatchEvent(new Event('input', { bubbles: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }

  async check() {
    if (!(await this.isChecked())) await this.click();
  }

  isChecked() {
    return this.run((element) => {
      const aria = element.getAttribute('aria-checked');
      return aria === null ? element.checked === true : aria === 'true';
    });
  }

  inputValue() {
    return this.run((element) => element.value);
  }

  textContent() {
    return this.run((element) => element.textContent);
  }

  async selectOption(value) {
    const handle = await this.handle();
    await handle.select(value);
  }

  async setInputFiles(path) {
    const handle = await this.handle();
    await handle.uploadFile(path);
  }

  scrollIntoViewIfNeeded() {
    return this.run((element) => element.scrollIntoView({ block: 'center' }));
  }

  async boundingBox() {
    const handle = await this.handle();
    return handle.boundingBox();
  }

  async screenshot(options) {
    const handle = await this.handle();
    return handle.screenshot(options);
  }
}
