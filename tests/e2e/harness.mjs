// Small test harness for the end-to-end run: timed checks, one result line each, a summary.

/** Rejects after timeoutMs with a message naming the check. */
function withTimeout(promise, timeoutMs, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class CheckRunner {
  passed = 0;
  failed = 0;

  /**
   * Runs one check. `body` resolves to { pass: boolean, detail: string } (the measured numbers);
   * a throw or a timeout counts as a failure. Prints "PASS|FAIL name: detail".
   */
  async run(name, timeoutMs, body) {
    const startedMs = Date.now();
    let pass = false;
    let detail;
    try {
      ({ pass, detail } = await withTimeout(body(), timeoutMs, name));
    } catch (error) {
      detail = `error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    if (pass) this.passed++;
    else this.failed++;
    const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
    console.log(`${pass ? 'PASS' : 'FAIL'} ${name}: ${detail} (${seconds} s)`);
    return pass;
  }

  /** The summary line, exactly "N passed, M failed". */
  summary() {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}

/** Runs `close` but gives up after timeoutMs (cleanup must never hang the run). */
export async function closeWithin(close, timeoutMs, what) {
  try {
    await withTimeout(Promise.resolve().then(close), timeoutMs, `closing ${what}`);
  } catch (error) {
    console.error(`warning: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Formats a number of dB with two decimals. */
export function db(value) {
  return `${value.toFixed(2)} dB`;
}
