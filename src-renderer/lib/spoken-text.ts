/**
 * What a screen reader hears of an element's text: its words without what is hidden from it (a
 * countdown shown on screen only) and without a notice's buttons (`.notice-actions`).
 */
export function spokenTextOf(el: Node): string {
  let out = '';
  const walk = (n: Node): void => {
    if (n.nodeType === Node.TEXT_NODE) {
      out += n.textContent ?? '';
      return;
    }
    if (!(n instanceof Element) || n.getAttribute('aria-hidden') === 'true' || n.classList.contains('notice-actions')) return;
    n.childNodes.forEach(walk);
  };
  walk(el);
  return out.replace(/\s+/g, ' ').trim();
}
