/** In-app announcements of new pending requests (the native notification's twin), newest first. */
import { create } from 'zustand';
import type { NewPendingNotice } from '../../src-shared/contract';

export const MAX_NOTICES = 5;

export interface NoticesState {
  notices: NewPendingNotice[];
  push: (notice: NewPendingNotice) => void;
  dismiss: (id: string) => void;
  reset: () => void;
}

export const DEFAULT_NOTICES = { notices: [] as NewPendingNotice[] };

export const useNoticesStore = create<NoticesState>()((set, get) => ({
  ...DEFAULT_NOTICES,
  push: (notice) => {
    const rest = get().notices.filter((n) => n.id !== notice.id);
    set({ notices: [notice, ...rest].slice(0, MAX_NOTICES) });
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  reset: () => set({ ...DEFAULT_NOTICES }),
}));
