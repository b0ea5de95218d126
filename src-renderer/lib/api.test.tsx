import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppApi } from '../../src-shared/contract';
import { ApiContext, bridgeApi, useApi } from './api';

function ShowsApi() {
  const api = useApi();
  return <p>{Object.keys(api).join(',')}</p>;
}

afterEach(() => {
  Reflect.deleteProperty(window, 'fruxon');
});

describe('the bridge', () => {
  it('bridgeApi is window.fruxon when the preload or the browser host set it, else undefined', () => {
    expect(bridgeApi()).toBeUndefined();
    const api = { invoke: () => Promise.resolve(null) } as unknown as AppApi;
    window.fruxon = api;
    expect(bridgeApi()).toBe(api);
  });

  it('useApi gives components the api of the provider, and says what is wrong without one', () => {
    const api = { invoke: () => Promise.resolve(null), on: () => () => {} } as unknown as AppApi;
    render(
      <ApiContext.Provider value={api}>
        <ShowsApi />
      </ApiContext.Provider>,
    );
    expect(screen.getByText('invoke,on')).toBeTruthy();
    expect(() => render(<ShowsApi />)).toThrow('useApi() outside <ApiContext.Provider>');
  });
});
