/** Provider names and badge colours. Unknown providers are shown by their raw id. */

const LABELS: Record<string, string> = {
  slack: 'Slack',
  teams: 'Teams',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
};

const COLORS: Record<string, string> = {
  slack: '#611f69',
  teams: '#4b53bc',
  telegram: '#17699a',
  whatsapp: '#0b6b37',
  sms: '#5c6670',
};

export function providerLabel(provider: string): string {
  const known = LABELS[provider.toLowerCase()];
  if (known) return known;
  const clean = provider.trim();
  return clean === '' ? 'Unknown provider' : clean.charAt(0).toUpperCase() + clean.slice(1);
}

export function providerColor(provider: string): string {
  return COLORS[provider.toLowerCase()] ?? '#6b6f76';
}

/** One or two letters for the badge. */
export function providerInitials(provider: string): string {
  const p = provider.toLowerCase();
  if (p === 'sms') return 'SMS';
  if (p === 'teams') return 'T';
  if (p === 'telegram') return 'Tg';
  if (p === 'whatsapp') return 'W';
  if (p === 'slack') return 'S';
  return providerLabel(provider).slice(0, 1).toUpperCase();
}
