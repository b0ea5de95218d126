/**
 * Native notification text: capped by graphemes (F13, F17), stripped of invisible direction and
 * zero-width controls (F16), and on Linux escaped because notification servers read the body as
 * markup (F14; an unescaped `&` made xfce4-notifyd drop the body). The character and grapheme
 * rules are the shared ones (src-shared/text-safety.ts); the cap counts the ellipsis.
 */

import { capGraphemes, toDisplayText } from '../../../src-shared/text-safety';

export const NOTIFICATION_LIMITS = { title: 64, body: 100 } as const;

/**
 * Escapes the characters libnotify servers treat as markup: `&`, `<` and `>` (the body markup is
 * XML-like text, where quotes are plain characters). Quotes stay as they are: a server that shows
 * the body without reading markup would show "O&#39;Brien" for a name as common as O'Brien.
 */
export function escapeLinuxNotificationText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The title and body to hand to the OS. Caps apply before escaping, so an entity is never cut in
 * half. Per the Desktop Notifications spec only the body may carry markup; the summary is plain
 * text and is therefore not escaped (escaping it would show a literal `&amp;`).
 */
export function notificationTextFor(notice: { title: string; body: string }, platform: string): { title: string; body: string } {
  const title = capGraphemes(toDisplayText(notice.title), NOTIFICATION_LIMITS.title);
  const body = capGraphemes(toDisplayText(notice.body), NOTIFICATION_LIMITS.body);
  return { title: title || 'Fruxon Access Console', body: platform === 'linux' ? escapeLinuxNotificationText(body) : body };
}
