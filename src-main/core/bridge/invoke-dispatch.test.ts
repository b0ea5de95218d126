import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, Invoke, isInvokeReply, type InvokeHandlers } from '../../../src-shared/contract';
import { ok } from '../../../src-shared/domain';
import { createInvokeDispatcher, INTERNAL_ERROR_MESSAGE } from './invoke-dispatch';
import { createSecretGuard } from '../security/secret-guard';
import type { Logger } from '../ports';

/** Handlers that answer, throw anything, or reject with anything, as the test says. */
function handlers(behaviour: () => { kind: 'answer' | 'throw' | 'reject'; value: unknown }): InvokeHandlers {
  return Object.fromEntries(
    INVOKE_CHANNELS.map((c) => [
      c,
      (input: unknown) => {
        const b = behaviour();
        if (b.kind === 'throw') throw b.value;
        if (b.kind === 'reject') return Promise.reject(b.value);
        return Promise.resolve(b.value ?? input);
      },
    ]),
  ) as unknown as InvokeHandlers;
}

describe('invoke dispatcher', () => {
  it('no input makes it throw: any channel, any arguments, any handler behaviour gives a reply (property)', async () => {
    const channel = fc.oneof(fc.constantFrom(...INVOKE_CHANNELS), fc.string(), fc.anything());
    const behaviour = fc.record({ kind: fc.constantFrom('answer' as const, 'throw' as const, 'reject' as const), value: fc.anything() });
    await fc.assert(
      fc.asyncProperty(channel, fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()), behaviour, async (ch, args, b) => {
        const guard = createSecretGuard(() => ['secret-token-value']);
        const dispatch = createInvokeDispatcher({ handlers: handlers(() => b), guard });
        const reply = await dispatch(ch, args as unknown[]);
        expect(isInvokeReply(reply)).toBe(true);
        if (!reply.ok && reply.error.code === 'internal') expect(reply.error.message).toBe(INTERNAL_ERROR_MESSAGE);
      }),
    );
  });

  it('parses, calls and answers; bad input never reaches the handler', async () => {
    const seen: unknown[] = [];
    const h = handlers(() => ({ kind: 'answer', value: ok(null) }));
    (h as unknown as Record<string, (i: unknown) => Promise<unknown>>)[Invoke.reject] = async (input) => (seen.push(input), ok(null));
    const dispatch = createInvokeDispatcher({ handlers: h });
    await expect(dispatch(Invoke.reject, [{ workspaceId: 'w', requestId: 'r' }])).resolves.toEqual({ ok: true, output: ok(null) });
    await expect(dispatch(Invoke.reject, [{ workspaceId: 'w' }])).resolves.toMatchObject({ ok: false, error: { code: 'bad-input' } });
    await expect(dispatch(Invoke.reject, [{ workspaceId: 'w', requestId: 'r' }, 'extra'])).resolves.toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringContaining('at most one argument') } });
    await expect(dispatch('evil:channel', [])).resolves.toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(seen).toEqual([{ workspaceId: 'w', requestId: 'r' }]);
  });

  it('a known token in an answer is redacted by the guard', async () => {
    const dispatch = createInvokeDispatcher({
      handlers: handlers(() => ({ kind: 'answer', value: { ok: false, error: { code: 'server', message: 'echo secret-token-value' } } })),
      guard: createSecretGuard(() => ['secret-token-value']),
    });
    await expect(dispatch(Invoke.refreshNow, [])).resolves.toEqual({ ok: true, output: { ok: false, error: { code: 'server', message: 'echo [redacted]' } } });
  });

  it('a handler that answers nothing replies null (what survives structured clone and JSON alike); an unknown channel asks for a reload', async () => {
    const dispatch = createInvokeDispatcher({ handlers: handlers(() => ({ kind: 'answer', value: undefined })) });
    const h = handlers(() => ({ kind: 'answer', value: null }));
    (h as unknown as Record<string, () => Promise<unknown>>)[Invoke.refreshNow] = async () => undefined;
    await expect(createInvokeDispatcher({ handlers: h })(Invoke.refreshNow, [])).resolves.toStrictEqual({ ok: true, output: null });
    await expect(dispatch('evil:channel', [])).resolves.toStrictEqual({ ok: false, error: { code: 'bad-input', message: 'Unknown request. Reload the window.' } });
  });

  it('logs refused input with its channel, and a throwing handler with its channel and error (never in the reply)', async () => {
    const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const log: Logger = { info: () => {}, warn: (m, meta) => lines.push(['warn', m, meta]), error: (m, meta) => lines.push(['error', m, meta]) };
    const boom = new Error('handler blew up with internals');
    const dispatch = createInvokeDispatcher({ handlers: handlers(() => ({ kind: 'throw', value: boom })), log });
    const refused = await dispatch(Invoke.reject, [{ workspaceId: 'w' }]);
    const thrown = await dispatch(Invoke.refreshNow, []);
    expect(thrown).toStrictEqual({ ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    expect(lines).toEqual([
      ['warn', 'rejected invoke input', { channel: Invoke.reject, message: !refused.ok && refused.error.message }],
      ['error', 'invoke handler threw', { channel: Invoke.refreshNow, err: boom }],
    ]);
  });
});
