import { bynetEvent } from '../../checkout/events.js';
import type { BynetEventDetailMap } from '../../checkout/events.js';

/**
 * Writes text to the clipboard. Must be called inside the click handler (user activation).
 * Resolves `false` instead of throwing when the API is missing (insecure context, old browser)
 * or refuses (permission denied, iframe without `clipboard-write`).
 */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Focuses a read-only field and selects all its text, so the buyer can copy it by hand. */
export function selectField(field: HTMLInputElement | HTMLTextAreaElement | null | undefined): void {
  if (!field) return;
  field.focus();
  field.select();
  field.setSelectionRange(0, field.value.length);
}

/**
 * A copy button's action: copies `text`, reports the outcome through `show` and then fires
 * `bynet-copy` on `host`; when the clipboard refuses, focuses and selects the host's code box
 * (its `<textarea>`) for copying by hand. Resolves whether it was copied.
 */
export async function copyCode(
  host: HTMLElement,
  text: string,
  detail: BynetEventDetailMap['bynet-copy'],
  show: (state: CopyState) => void,
): Promise<boolean> {
  const ok = await writeClipboard(text);
  show(ok ? 'copied' : 'failed');
  if (ok) host.dispatchEvent(bynetEvent('bynet-copy', detail));
  else selectField(host.shadowRoot?.querySelector('textarea'));
  return ok;
}

/** Copy feedback shown next to a copy button and announced through a polite live region. */
export type CopyState = 'idle' | 'copied' | 'failed';
