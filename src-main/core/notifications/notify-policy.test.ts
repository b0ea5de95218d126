import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestView } from '../../../src-shared/domain';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import { NOTIFICATION_LIMITS, notificationTextFor } from './notification-text';
import { announceKeyFor, groupSummaryFor, noticesFor, type NotifySettings } from './notify-policy';
import { aRequest } from '../../../test/fakes/builders';

const settings: NotifySettings = {
  notificationsEnabled: true,
  notificationsPausedUntil: null,
  notifyProviders: [],
  notifyAgentIds: [],
  groupThreshold: DEFAULT_SETTINGS.groupThreshold,
  sound: false,
};

function view(id: string, over: Partial<RequestView> = {}): RequestView {
  return aRequest({
    id,
    workspaceId: 'ws',
    integrationConfigId: 'cfg',
    address: '+15550001',
    agentId: 'agent-1',
    displayName: `Person ${id}`,
    conversationName: 'DM',
    createdAt: 1,
    modifiedAt: 1,
    agentName: 'Support bot',
    connectorName: 'Main number',
    ...over,
  });
}

const none = () => false;

describe('noticesFor', () => {
  it('announces one request as "<name> on <Provider>" with agent and connector', () => {
    const { notices, announced } = noticesFor({ newlyPending: [view('a', { displayName: 'Dana' })], settings, isAnnounced: none, now: 0 });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: 'Dana on WhatsApp', body: 'Support bot · Main number', grouped: false });
    expect(notices[0]!.requests).toEqual([{ workspaceId: 'ws', requestId: 'a' }]);
    expect(announced).toEqual(['ws/a']);
  });

  it('with several workspaces, a notice names its request\'s workspace first in the body; a summary says where its requests wait', () => {
    const names: Record<string, string> = { ws: 'Acme EU', other: 'Globex' };
    const workspaceName = (id: string) => names[id] ?? id;
    const single = noticesFor({ newlyPending: [view('a', { displayName: 'Dana' })], settings, isAnnounced: none, now: 0, workspaceName });
    expect(single.notices[0]).toMatchObject({ title: 'Dana on WhatsApp', body: 'Acme EU · Support bot · Main number' });
    const backlog = [view('a'), view('b', { workspaceId: 'other' }), view('c', { workspaceId: 'other', provider: 'slack' })];
    const summary = noticesFor({ newlyPending: backlog, settings, isAnnounced: none, now: 0, catchUp: true, workspaceName });
    expect(summary.notices[0]!.body).toBe('2 WhatsApp, 1 Slack waiting (2 in Globex, 1 in Acme EU)');
    const burst = [view('a'), view('b'), view('c'), view('d')];
    const one = noticesFor({ newlyPending: burst, settings: { ...settings, groupThreshold: 3 }, isAnnounced: none, now: 0, workspaceName });
    expect(one.notices[0]!.body).toBe('4 WhatsApp waiting (in Acme EU)');
    // One workspace: nothing names it (the caller passes null).
    expect(noticesFor({ newlyPending: [view('a')], settings, isAnnounced: none, now: 0, workspaceName: null }).notices[0]!.body).toBe('Support bot · Main number');
  });

  it('F18: an empty display name is announced as "(no name)"', () => {
    const { notices } = noticesFor({ newlyPending: [view('a', { displayName: '  ', provider: 'sms' })], settings, isAnnounced: none, now: 0 });
    expect(notices[0]!.title).toBe('(no name) on SMS');
  });

  it('F13: a 10,000-character name is cut without splitting an emoji, so that " on <Provider>" still fits the title', () => {
    const long = '👩‍👩‍👧'.repeat(5000);
    const { notices } = noticesFor({ newlyPending: [view('a', { displayName: long })], settings, isAnnounced: none, now: 0 });
    const title = notices[0]!.title;
    expect(title.endsWith('… on WhatsApp')).toBe(true);
    const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(title)];
    expect(graphemes.length).toBe(NOTIFICATION_LIMITS.title);
    expect(graphemes.slice(0, NOTIFICATION_LIMITS.title - ' on WhatsApp'.length - 1).every((g) => g.segment === '👩‍👩‍👧')).toBe(true);
    // The OS cap then leaves it whole: the provider is still said.
    expect(notificationTextFor(notices[0]!, 'darwin').title).toBe(title);
  });

  it('F16: bidi overrides and control characters are removed from announced names', () => {
    const { notices } = noticesFor({ newlyPending: [view('a', { displayName: 'Eve\u202Egnp.exe\u0007' })], settings, isAnnounced: none, now: 0 });
    expect(notices[0]!.title).toBe('Evegnp.exe on WhatsApp');
  });

  it('groups a batch above the threshold into one summary "3 WhatsApp, 1 Slack waiting"', () => {
    const batch = [view('a'), view('b'), view('c'), view('d', { provider: 'slack' })];
    const { notices, announced } = noticesFor({ newlyPending: batch, settings: { ...settings, groupThreshold: 3 }, isAnnounced: none, now: 5 });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ grouped: true, title: '4 new access requests', body: '3 WhatsApp, 1 Slack waiting' });
    expect(notices[0]!.requests).toHaveLength(4);
    expect(announced).toHaveLength(4);
  });

  it('keeps individual notices up to the threshold', () => {
    const batch = [view('a'), view('b'), view('c')];
    const { notices } = noticesFor({ newlyPending: batch, settings: { ...settings, groupThreshold: 3 }, isAnnounced: none, now: 0 });
    expect(notices.map((n) => n.grouped)).toEqual([false, false, false]);
  });

  it('F46: a flood of 200 new requests becomes one summary', () => {
    const batch = Array.from({ length: 200 }, (_, i) => view(`r${i}`, { provider: i % 2 ? 'sms' : 'telegram' }));
    const { notices } = noticesFor({ newlyPending: batch, settings, isAnnounced: none, now: 0 });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toBe('100 SMS, 100 Telegram waiting');
  });

  it('F38: after a resume even two requests become one catch-up summary', () => {
    const { notices } = noticesFor({ newlyPending: [view('a'), view('b')], settings, isAnnounced: none, now: 0, catchUp: true });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe('2 new access requests while you were away');
  });

  it('says nothing when notifications are off or paused, and announces nothing', () => {
    const off = noticesFor({ newlyPending: [view('a')], settings: { ...settings, notificationsEnabled: false }, isAnnounced: none, now: 0 });
    expect(off).toEqual({ notices: [], announced: [] });
    const paused = noticesFor({ newlyPending: [view('a')], settings: { ...settings, notificationsPausedUntil: 1000 }, isAnnounced: none, now: 999 });
    expect(paused.notices).toEqual([]);
    const over = noticesFor({ newlyPending: [view('a')], settings: { ...settings, notificationsPausedUntil: 1000 }, isAnnounced: none, now: 1000 });
    expect(over.notices).toHaveLength(1);
  });

  it('filters by provider (case-insensitive) and by agent', () => {
    const batch = [view('a', { provider: 'slack' }), view('b', { provider: 'sms', agentId: 'x' }), view('c', { provider: 'SMS' })];
    const byProvider = noticesFor({ newlyPending: batch, settings: { ...settings, notifyProviders: ['sms'] }, isAnnounced: none, now: 0 });
    expect(byProvider.notices.flatMap((n) => n.requests.map((r) => r.requestId))).toEqual(['b', 'c']);
    const byAgent = noticesFor({ newlyPending: batch, settings: { ...settings, notifyAgentIds: ['x'] }, isAnnounced: none, now: 0 });
    expect(byAgent.notices.flatMap((n) => n.requests.map((r) => r.requestId))).toEqual(['b']);
  });

  it('sounds at most once per batch, and only when the setting is on', () => {
    const batch = [view('a'), view('b')];
    expect(noticesFor({ newlyPending: batch, settings: { ...settings, sound: true }, isAnnounced: none, now: 0 }).notices.map((n) => n.sound)).toEqual([true, false]);
    expect(noticesFor({ newlyPending: batch, settings, isAnnounced: none, now: 0 }).notices.map((n) => n.sound)).toEqual([false, false]);
  });

  it('F8: never announces an id twice, across any sequence of batches (property)', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    fc.assert(
      fc.property(fc.array(fc.array(ids, { maxLength: 8 }), { maxLength: 10 }), fc.integer({ min: 1, max: 5 }), (batches, threshold) => {
        const announcedSet = new Set<string>();
        const counts = new Map<string, number>();
        for (const batch of batches) {
          const res = noticesFor({
            newlyPending: batch.map((id) => view(id)),
            settings: { ...settings, groupThreshold: threshold },
            isAnnounced: (k) => announcedSet.has(k),
            now: 0,
          });
          for (const k of res.announced) announcedSet.add(k);
          for (const n of res.notices) for (const r of n.requests) counts.set(r.requestId, (counts.get(r.requestId) ?? 0) + 1);
        }
        for (const c of counts.values()) expect(c).toBe(1);
        // Everything that appeared was announced exactly once.
        expect(new Set(counts.keys())).toEqual(new Set(batches.flat()));
      }),
    );
  });

  it('ignores rows that are not pending', () => {
    const { notices } = noticesFor({ newlyPending: [view('a', { status: 'APPROVED' })], settings, isAnnounced: none, now: 0 });
    expect(notices).toEqual([]);
  });
});

describe('text helpers', () => {
  it('groupSummaryFor orders by count, then name', () => {
    expect(groupSummaryFor([view('a', { provider: 'slack' }), view('b', { provider: 'sms' })])).toBe('1 Slack, 1 SMS waiting');
  });

  it('announceKeyFor separates workspaces', () => {
    expect(announceKeyFor({ workspaceId: 'w1', id: 'x' })).not.toBe(announceKeyFor({ workspaceId: 'w2', id: 'x' }));
  });
});
