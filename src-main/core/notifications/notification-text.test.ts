import { describe, expect, it } from 'vitest';
import { escapeLinuxNotificationText, NOTIFICATION_LIMITS, notificationTextFor } from './notification-text';

const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;

describe('notificationTextFor', () => {
  it('F14: escapes markup in the Linux body', () => {
    const out = notificationTextFor({ title: 'New request', body: 'Tom & Jerry <img src=x onerror=alert(1)>' }, 'linux');
    expect(out.body).toBe('Tom &amp; Jerry &lt;img src=x onerror=alert(1)&gt;');
    expect(out.title).toBe('New request');
  });

  it('leaves text unescaped on macOS and Windows (no markup there)', () => {
    expect(notificationTextFor({ title: 't', body: 'A & B' }, 'darwin').body).toBe('A & B');
    expect(notificationTextFor({ title: 't', body: 'A & B' }, 'win32').body).toBe('A & B');
  });

  it('F13: caps a 10,000-character name to the body limit', () => {
    const out = notificationTextFor({ title: 'x'.repeat(10_000), body: 'y'.repeat(10_000) }, 'darwin');
    expect(graphemes(out.title)).toBe(NOTIFICATION_LIMITS.title);
    expect(graphemes(out.body)).toBe(NOTIFICATION_LIMITS.body);
    expect(out.body.endsWith('…')).toBe(true);
  });

  it('F13: caps before escaping so entities are never cut', () => {
    const out = notificationTextFor({ title: 't', body: '&'.repeat(500) }, 'linux');
    expect(out.body).toMatch(/^(&amp;)+…$/);
  });

  it('F16: strips bidi overrides and zero-width characters', () => {
    expect(notificationTextFor({ title: 'a\u202Eb', body: 'evil\u202Egnp.exe\u200B\u2066x\u2069' }, 'darwin')).toEqual({ title: 'ab', body: 'evilgnp.exex' });
  });

  it('falls back to the app name for an empty title', () => {
    expect(notificationTextFor({ title: ' \u200B ', body: '' }, 'darwin').title).toBe('Fruxon Access Console');
  });
});

describe('helpers', () => {
  it('escapeLinuxNotificationText escapes the three markup characters and leaves quotes (O\'Brien) as they are', () => {
    expect(escapeLinuxNotificationText(`<a href="x">'&'</a>`)).toBe(`&lt;a href="x"&gt;'&amp;'&lt;/a&gt;`);
    expect(escapeLinuxNotificationText(`Siobhán O'Brien`)).toBe(`Siobhán O'Brien`);
  });
});
