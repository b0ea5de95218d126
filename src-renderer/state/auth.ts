/** The device-authorization flow as main reports it. */
import { create } from 'zustand';
import type { DeviceFlowView } from '../../src-shared/contract';

export interface AuthState {
  deviceFlow: DeviceFlowView;
  setDeviceFlow: (view: DeviceFlowView) => void;
  reset: () => void;
}

export const DEFAULT_AUTH: Pick<AuthState, 'deviceFlow'> = { deviceFlow: { state: 'idle' } };

export const useAuthStore = create<AuthState>()((set) => ({
  ...DEFAULT_AUTH,
  setDeviceFlow: (deviceFlow) => set({ deviceFlow }),
  reset: () => set({ ...DEFAULT_AUTH }),
}));
