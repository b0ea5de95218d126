import { describe, expect, it } from 'vitest';
import { PROVIDERS, providerColor, providerInitials, providerLabel } from './providers';

describe('provider table', () => {
  it('labels known providers and capitalises unknown ones', () => {
    expect(providerLabel('whatsapp')).toBe('WhatsApp');
    expect(providerLabel('TEAMS')).toBe('Teams');
    expect(providerLabel('matrix')).toBe('Matrix');
    expect(providerLabel('')).toBe('Unknown provider');
  });

  it.each([
    ['slack', 'Slack', 'S'],
    ['teams', 'Teams', 'T'],
    ['telegram', 'Telegram', 'Tg'],
    ['whatsapp', 'WhatsApp', 'W'],
    ['sms', 'SMS', 'SMS'],
    ['SMS', 'SMS', 'SMS'],
    ['matrix', 'Matrix', 'M'],
    ['  ', 'Unknown provider', 'U'],
    ['\u202Eevil\u200B', 'Evil', 'E'],
    ['😀chat', '😀chat', '😀'],
    ['constructor', 'Constructor', 'C'],
  ])('%j → %s (%s)', (id, label, initials) => {
    expect(providerLabel(id)).toBe(label);
    expect(providerInitials(id)).toBe(initials);
  });

  it('gives every known provider its own colour and unknown ones a neutral one', () => {
    const colours = Object.keys(PROVIDERS).map(providerColor);
    expect(new Set(colours).size).toBe(colours.length);
    expect(providerColor('matrix')).toBe('#6b6f76');
    expect(providerColor('WhatsApp')).toBe(PROVIDERS.whatsapp!.color);
  });
});
