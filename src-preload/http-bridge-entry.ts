/**
 * Entry of out/bridge/http-bridge.js, loaded by the browser host before the renderer: defines
 * `window.fruxon` (frozen, not writable, not configurable) over the HTTP transport.
 */
import { BRIDGE_GLOBAL, createAppApi, type AppApi } from '../src-shared/contract';
import { bridgeBaseUrl, createHttpTransport, freezeApi } from './http-bridge';

const { location } = globalThis as unknown as { location: { origin: string; pathname: string } };
const api = freezeApi(createAppApi(createHttpTransport(bridgeBaseUrl(location.origin, location.pathname))) satisfies AppApi);
Object.defineProperty(globalThis, BRIDGE_GLOBAL, { value: api, writable: false, configurable: false, enumerable: true });
