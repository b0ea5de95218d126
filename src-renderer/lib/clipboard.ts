/** Copies text: the async Clipboard API when allowed, else a hidden textarea and execCommand. */
export async function copyText(text: string): Promise<boolean> {
  try {
    // A page without the Clipboard API throws here too.
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Permission denied, not focused or no Clipboard API: the legacy path.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  try {
    area.select();
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    // Whatever happened, the copied text does not stay in the page.
    area.remove();
  }
}
