import { describe, expect, it } from 'vitest';
import {
  BRIDGE_GLOBAL,
  createAppApi,
  Invoke,
  InvokeInputSchemas,
  isInvokeReply,
  outputFromReply,
  parseInvokeInput,
  Push,
  type InvokeChannel,
  type Transport,
} from './contract';

const ref = { workspaceId: 'w1', requestId: 'r1' };

function refused(channel: InvokeChannel, input: unknown): string {
  const r = parseInvokeInput(channel, input);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.code).toBe('bad-input');
  return r.error.message;
}

describe('parseInvokeInput', () => {
  it.each([
    ['a short display name', Invoke.approve, { ...ref, mode: 'CREATE_NEW', displayName: 'Al' }],
    ['a participant to add to', Invoke.approve, { ...ref, mode: 'ADD_TO_EXISTING', participantId: 'p1' }],
    ['a base URL for the device flow', Invoke.startDeviceFlow, { baseUrl: 'https://fruxon.com' }],
    ['a base URL of 2000 characters', Invoke.startDeviceFlow, { baseUrl: 'h'.repeat(2000) }],
    ['a short token label', Invoke.signInWithToken, { baseUrl: 'https://f', tenant: 't', token: '12345678', label: 'a' }],
    ['a workspace to sign out of', Invoke.signOut, { workspaceId: 'w1' }],
  ] as const)('accepts %s', (_what, channel, input) => {
    expect(parseInvokeInput(channel, input)).toEqual({ ok: true, value: input });
  });

  it.each([
    ['an empty base URL', Invoke.startDeviceFlow, { baseUrl: '' }],
    ['a base URL over 2000 characters', Invoke.startDeviceFlow, { baseUrl: 'h'.repeat(2001) }],
    ['no base URL', Invoke.startDeviceFlow, {}],
    ['no workspace to sign out of', Invoke.signOut, {}],
    ['a display name over its limit', Invoke.approve, { ...ref, mode: 'CREATE_NEW', displayName: 'x'.repeat(151) }],
  ] as const)('refuses %s', (_what, channel, input) => {
    expect(parseInvokeInput(channel, input).ok).toBe(false);
  });

  it('says where and what: the field path, then the schema message', () => {
    expect(refused(Invoke.approve, { ...ref, mode: 'CREATE_NEW', note: 'a\u0000b' })).toBe(
      `Invalid input for ${Invoke.approve}: note: The note contains a NUL character.`,
    );
    expect(refused(Invoke.approve, { ...ref, mode: 'ADD_TO_EXISTING' })).toBe(
      `Invalid input for ${Invoke.approve}: Choose a participant to add this channel to.`,
    );
  });

  it('a refusal of the whole input has no path prefix and carries the schema message', () => {
    const parsed = InvokeInputSchemas[Invoke.signOut].safeParse(5);
    expect(parsed.success).toBe(false);
    const zodMessage = parsed.error!.issues[0]!.message;
    expect(refused(Invoke.signOut, 5)).toBe(`Invalid input for ${Invoke.signOut}: ${zodMessage}`);
  });
});

describe('isInvokeReply', () => {
  it.each([
    [{ ok: true, output: 1 }, true],
    [{ ok: true, output: undefined }, true],
    [{ ok: false, error: { code: 'x', message: 'm' } }, true],
    [null, false],
    [undefined, false],
    ['{"ok":true,"output":1}', false],
    [42, false],
    [{}, false],
    [{ ok: true }, false],
    [{ output: 1 }, false],
    [{ ok: 'true', output: 1 }, false],
    [{ ok: false, output: 1 }, false],
    [{ ok: false }, false],
    [{ ok: false, error: null }, false],
    [{ ok: false, error: 'boom' }, false],
    [{ ok: false, error: {} }, false],
    [{ ok: false, error: { code: 'x' } }, false],
    [{ ok: false, error: { message: 'm' } }, false],
    [{ ok: false, error: { code: 1, message: 'm' } }, false],
    [{ ok: false, error: { code: 'x', message: 2 } }, false],
    [{ ok: true, error: { code: 'x', message: 'm' } }, false],
    [{ ok: false, error: Object.assign(() => undefined, { code: 'x', message: 'm' }) }, false],
  ])('%j → %s', (value, expected) => {
    expect(isInvokeReply(value)).toBe(expected);
  });

  it('outputFromReply refuses what it does not understand, in words', () => {
    expect(() => outputFromReply(Invoke.getSnapshot, { nope: 1 })).toThrow(
      'The console sent an answer this window does not understand. Reload the window.',
    );
  });
});

describe('createAppApi push listeners', () => {
  it('hands each push payload to the listener', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const t = {
      invoke: () => Promise.resolve(undefined),
      on: (channel: string, l: (p: unknown) => void) => {
        listeners.set(channel, l);
        return () => undefined;
      },
    } as unknown as Transport;
    const api = createAppApi(t);
    const got: unknown[] = [];
    api.requests.onOpen((p) => got.push(['open', p]));
    api.auth.onDeviceFlowChanged((p) => got.push(['flow', p]));
    api.app.onShowView((v) => got.push(['view', v]));
    api.app.onUpdateChanged((p) => got.push(['update', p]));
    listeners.get(Push.openRequest)!({ requestId: 'r' });
    listeners.get(Push.deviceFlow)!({ state: 'x' });
    listeners.get(Push.showView)!({ view: 'settings' });
    listeners.get(Push.update)!({ phase: 'y' });
    expect(got).toEqual([
      ['open', { requestId: 'r' }],
      ['flow', { state: 'x' }],
      ['view', 'settings'],
      ['update', { phase: 'y' }],
    ]);
  });

  it('the bridge global is named fruxon', () => {
    expect(BRIDGE_GLOBAL).toBe('fruxon');
  });
});
