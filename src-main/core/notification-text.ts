/**
 * Native notification text: capped by graphemes (F13, F17), stripped of invisible direction and
 * zero-width controls (F16), and on Linux escaped because notification servers read the body as
 * markup (F14; an unescaped `&` made xfce4-notifyd drop the body).
 */

export const NOTIFICATION_LIMITS = { title: 64, body: 100 } as const;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts to at most `max` graphemes (the ellipsis included), never inside a surrogate pair or ZWJ sequence. */
export function capGraphemes(text: string, max: number): string {
  if (max <= 0) return '';
  const parts: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    parts.push(segment);
    if (parts.length > max) break;
  }
  return parts.length <= max ? text : `${parts.slice(0, max - 1).join('')}…`;
}

// Bidi embeddings/overrides/isolates, LRM/RLM/ALM, zero-width space, word joiner, BOM and C0/C1
// controls (newlines become spaces). U+200D (ZWJ) stays: emoji sequences need it.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

export function stripInvisibleControls(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\n+/g, ' ');
}

/** Escapes the characters libnotify servers treat as markup. */
export function escapeLinuxNotificationText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The title and body to hand to the OS. Caps apply before escaping, so an entity is never cut in
 * half. Per the Desktop Notifications spec only the body may carry markup; the summary is plain
 * text and is therefore not escaped (escaping it would show a literal `&amp;`).
 */
export function notificationTextFor(notice: { title: string; body: string }, platform: string): { title: string; body: string } {
  const title = capGraphemes(stripInvisibleControls(notice.title).trim(), NOTIFICATION_LIMITS.title);
  const body = capGraphemes(stripInvisibleControls(notice.body).trim(), NOTIFICATION_LIMITS.body);
  return { title: title || 'Fruxon Access Console', body: platform === 'linux' ? escapeLinuxNotificationText(body) : body };
}
