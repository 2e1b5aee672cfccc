/**
 * Writes text to the clipboard. Must be called inside the click handler (user activation).
 * Resolves `false` instead of throwing when the API is missing (insecure context, old browser)
 * or refuses (permission denied, iframe without `clipboard-write`).
 */
export async function writeClipboard(text: string): Promise<boolean> {
  const clipboard = (globalThis.navigator as Navigator | undefined)?.clipboard;
  if (!clipboard || typeof clipboard.writeText !== 'function') return false;
  try {
    await clipboard.writeText(text);
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

/** Copy feedback shown next to a copy button and announced through a polite live region. */
export type CopyState = 'idle' | 'copied' | 'failed';
