/**
 * The one provider table: how each messaging provider is written ("WhatsApp"), its badge letters
 * and colour. Core uses the labels in notifications ("3 WhatsApp, 1 Slack waiting"), the renderer
 * in rows, filters, search and badges. Unknown providers are shown by their own id, cleaned of
 * hidden characters and capitalised.
 */
import { toDisplayText, truncateGraphemes } from './text-safety';

interface ProviderEntry {
  label: string;
  /** One to three letters for the badge. */
  initials: string;
  /** Badge background. */
  color: string;
}

export const PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  slack: { label: 'Slack', initials: 'S', color: '#611f69' },
  teams: { label: 'Teams', initials: 'T', color: '#4b53bc' },
  telegram: { label: 'Telegram', initials: 'Tg', color: '#17699a' },
  whatsapp: { label: 'WhatsApp', initials: 'W', color: '#0b6b37' },
  sms: { label: 'SMS', initials: 'SMS', color: '#5c6670' },
};

const UNKNOWN_COLOR = '#6b6f76';

function entryFor(provider: string): ProviderEntry | undefined {
  const key = provider.toLowerCase();
  return Object.prototype.hasOwnProperty.call(PROVIDERS, key) ? PROVIDERS[key] : undefined;
}

/** A provider as people write it ("WhatsApp"), for any string the API sends. */
export function providerLabel(provider: string): string {
  const known = entryFor(provider);
  if (known) return known.label;
  const clean = toDisplayText(provider);
  return clean === '' ? 'Unknown provider' : clean.charAt(0).toUpperCase() + clean.slice(1);
}

export function providerColor(provider: string): string {
  return entryFor(provider)?.color ?? UNKNOWN_COLOR;
}

/** One to three letters for the badge. */
export function providerInitials(provider: string): string {
  return entryFor(provider)?.initials ?? truncateGraphemes(providerLabel(provider), 1).text.toUpperCase();
}
