import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_API_KEYS, BRIDGE_GLOBAL, Invoke, type AppApi } from '../src-shared/contract';

const fetched: string[] = [];

beforeAll(() => {
  // The page the browser host serves: /<secret>/index.html on its own origin.
  vi.stubGlobal('location', { origin: 'http://127.0.0.1:4321', pathname: '/s3cretS3cret/index.html' });
  vi.stubGlobal('fetch', async (input: string) => {
    fetched.push(input);
    return new Response(JSON.stringify({ output: { name: 'x' } }), { status: 200 });
  });
});

/** Runs the entry as the page does, once per module registry (inside a test, so it counts as that test's code). */
const loadEntry = () => import('./http-bridge-entry');
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the browser host\'s bridge entry', () => {
  it('S20: defines window.fruxon once: enumerable, not writable, not configurable, frozen', async () => {
    await loadEntry();
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, BRIDGE_GLOBAL)!;
    expect(descriptor).toMatchObject({ writable: false, configurable: false, enumerable: true });
    const api = descriptor.value as Record<string, unknown>;
    expect(Object.keys(api)).toEqual([...APP_API_KEYS]);
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => Object.defineProperty(globalThis, BRIDGE_GLOBAL, { value: {} })).toThrow(TypeError);
    expect(Reflect.set(globalThis, BRIDGE_GLOBAL, {})).toBe(false);
    expect((globalThis as Record<string, unknown>)[BRIDGE_GLOBAL]).toBe(api);
  });

  it('talks to the host under the page\'s own secret path', async () => {
    await loadEntry();
    const api = (globalThis as unknown as Record<string, AppApi>)[BRIDGE_GLOBAL]!;
    await api.app.info();
    expect(fetched).toEqual([`http://127.0.0.1:4321/s3cretS3cret/api/invoke/${encodeURIComponent(Invoke.getInfo)}`]);
  });
});
