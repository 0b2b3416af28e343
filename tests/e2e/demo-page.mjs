// Helpers that drive the demo page like a person would and measure its live spectrum.

/**
 * Opens a new page at `url`, collecting console errors/warnings and uncaught page errors.
 * Returns { page, errors: string[], warnings: string[] }.
 */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, warnings };
}

/** Clicks Start and waits until the engine exists and the AudioContext runs. */
export async function startDemo(page) {
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForFunction(() => window.wavegraphDemo?.context.state === 'running');
}

/** The status line, parsed: { text, isolated, sampleRateHz, renderQuantumFrames, transport }. */
export async function readStatusLine(page) {
  const text = (await page.locator('#status-line').textContent()) ?? '';
  const match = /cross-origin isolated: (yes|no) · sample rate (\d+) Hz · render quantum (\d+) frames · transport (\w+)/.exec(text);
  if (match === null) return { text };
  return {
    text,
    isolated: match[1] === 'yes',
    sampleRateHz: Number(match[2]),
    renderQuantumFrames: Number(match[3]),
    transport: match[4],
  };
}

/**
 * Power level (dB) of the engine's spectrum between lowHz and highHz: the bins' powers summed,
 * averaged over `frames` reads taken `intervalMs` apart. Uses window.wavegraphDemo.engine.
 */
export async function readBandLevelDb(page, { lowHz, highHz, frames = 12, intervalMs = 40 }) {
  return page.evaluate(
    async ({ lowHz, highHz, frames, intervalMs }) => {
      const { engine, context } = window.wavegraphDemo;
      const bins = new Float32Array(2048);
      const binHz = context.sampleRate / (2 * bins.length);
      let powerSum = 0;
      for (let frame = 0; frame < frames; frame++) {
        engine.getFloatFrequencyData(bins);
        for (let k = Math.ceil(lowHz / binHz); k <= Math.floor(highHz / binHz); k++) {
          powerSum += 10 ** (bins[k] / 10);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
      return 10 * Math.log10(powerSum / frames);
    },
    { lowHz, highHz, frames, intervalMs },
  );
}

/** Lowers the slider named `name` to its minimum with the keyboard (focus, Home). */
export async function lowerSliderToMinimum(page, name) {
  const slider = page.getByRole('slider', { name });
  await slider.focus();
  await page.keyboard.press('Home');
  const value = Number(await slider.inputValue());
  const shown = (await slider.locator('xpath=..').locator('output').textContent()) ?? '';
  return { value, shown };
}

/**
 * The 960 Hz check shared by the isolated and non-isolated runs: level at 900–1100 Hz, slider
 * "960 Hz" to -24 dB, wait 0.5 s, level again. Returns { beforeDb, afterDb, dropDb, value, shown, shownBefore }.
 */
export async function measureSliderDrop(page) {
  const slider = page.getByRole('slider', { name: '960 Hz' });
  const shownBefore = (await slider.locator('xpath=..').locator('output').textContent()) ?? '';
  const band = { lowHz: 900, highHz: 1100 };
  const beforeDb = await readBandLevelDb(page, band);
  const { value, shown } = await lowerSliderToMinimum(page, '960 Hz');
  await page.waitForTimeout(500);
  const afterDb = await readBandLevelDb(page, band);
  return { beforeDb, afterDb, dropDb: beforeDb - afterDb, value, shown, shownBefore };
}
