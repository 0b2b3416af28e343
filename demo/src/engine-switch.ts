/**
 * The "Engine: this browser | native host" switch: a radio group, the native host's WebSocket URL
 * (default ws://127.0.0.1:8420/api/live, where `wavegraph serve` listens by default) and an
 * optional token. Choosing a radio (mouse, or arrow keys inside the group) calls the listener;
 * so does Enter in the URL or token field while "native host" is chosen (to reconnect).
 * Main thread only.
 */

/** Which engine the controls, spectrum and meters use. */
export type EngineKind = 'browser' | 'native';

/** Where `wavegraph serve` listens by default. */
export const DEFAULT_NATIVE_URL = 'ws://127.0.0.1:8420/api/live';

export interface EngineSwitchElements {
  /** The radios, values 'browser' and 'native', one name. */
  browser: HTMLInputElement;
  native: HTMLInputElement;
  url: HTMLInputElement;
  token: HTMLInputElement;
}

export class EngineSwitch {
  private listener: ((kind: EngineKind) => void) | null = null;

  constructor(private readonly ui: EngineSwitchElements) {
    if (ui.url.value === '') ui.url.value = DEFAULT_NATIVE_URL;
    for (const radio of [ui.browser, ui.native])
      radio.addEventListener('change', () => {
        if (radio.checked) this.listener?.(this.kind());
      });
    for (const field of [ui.url, ui.token])
      field.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && this.kind() === 'native') this.listener?.('native');
      });
  }

  /** Calls `listener` with the chosen kind after every choice. */
  onChange(listener: (kind: EngineKind) => void): void {
    this.listener = listener;
  }

  kind(): EngineKind {
    return this.ui.native.checked ? 'native' : 'browser';
  }

  /** Shows `kind` as chosen without calling the listener (e.g. back to 'browser' after a failed connection). */
  show(kind: EngineKind): void {
    this.ui.native.checked = kind === 'native';
    this.ui.browser.checked = kind === 'browser';
  }

  /** The native host's URL as typed (trimmed). */
  url(): string {
    return this.ui.url.value.trim();
  }

  /** The token, or undefined when the field is empty. */
  token(): string | undefined {
    const token = this.ui.token.value.trim();
    return token === '' ? undefined : token;
  }
}
