// Renderer test setup (jsdom): unmount after each test, reset every store, and fill the few
// browser APIs jsdom lacks that the app touches. No jest-dom: tests use plain expect on DOM queries.
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { resetStores } from '../../src-renderer/state/reset';

if (typeof Element !== 'undefined') {
  Element.prototype.scrollTo ??= function scrollTo() {};
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
}
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}

afterEach(() => {
  // Unmount first so no component sees the stores being reset. Pure tests opt into the node
  // environment (faster), where there is no DOM to clean.
  const hasDom = typeof document !== 'undefined';
  if (hasDom) cleanup();
  vi.useRealTimers();
  resetStores();
  if (hasDom) {
    delete document.documentElement.dataset.ready;
    delete document.documentElement.dataset.theme;
  }
});
