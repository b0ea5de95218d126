/**
 * In-app notices other than decisions (those live in decisions.ts): new pending requests (the
 * native notification's twin) and the console's own information ("approved by Alice while you
 * were on it"). The notices region shows both with the decision notices, newest first.
 *
 * New-request notices merge: a burst arriving over several polls is one line with a count.
 * Informational notices leave by themselves after NOTICE_TTL_MS, except while the operator is
 * in the region (hovering or focused), so nothing disappears from under the pointer.
 */
import { create } from 'zustand';
import type { NewPendingNotice, RequestRef } from '../../src-shared/contract';

/** How long an informational notice stays (WCAG 2.2.1: the region pauses it while in use). */
export const NOTICE_TTL_MS = 10_000;
/** After the operator leaves the region, expiring notices get at least this long again. */
export const NOTICE_GRACE_MS = 3_000;

export type NoticeKind = 'new-requests' | 'info';

export interface Notice {
  id: string;
  kind: NoticeKind;
  /** For a single new request (or a plain notice): main's title and body, or the console's words. */
  title: string;
  body: string;
  /** The requests it is about (a burst holds all of them, newest first); activating opens the first. */
  requests: RequestRef[];
  tone: 'info' | 'warn';
  /** When it arrived or last grew (the region is newest first). */
  at: number;
  /** When it leaves by itself; null: it stays until dismissed. */
  expiresAt: number | null;
  /** Notices with one key replace each other (the latest "why that key did nothing", whatever its words). */
  key?: string;
}

export interface NoticesState {
  notices: Notice[];
  /** The operator is in the region: nothing expires. */
  held: boolean;
  /** A new-pending push from main: merged into the new-requests notice when one is showing. */
  push: (notice: NewPendingNotice, now?: number) => void;
  /** The console's own informational line. */
  /** `stays`: it waits to be dismissed instead of leaving after NOTICE_TTL_MS (it holds something to do later). */
  /** `key`: a notice with the same key is replaced, whatever its words (a countdown in them changes). */
  info: (text: string, opts?: { body?: string; requests?: RequestRef[]; tone?: 'info' | 'warn'; now?: number; stays?: boolean; key?: string }) => void;
  dismiss: (id: string) => void;
  dismissAll: () => void;
  /** Removes notices whose time is up (unless held). */
  expire: (now: number) => void;
  hold: (held: boolean, now?: number) => void;
  reset: () => void;
}

export const DEFAULT_NOTICES = { notices: [] as Notice[], held: false };

let counter = 0;
const sameRef = (a: RequestRef, b: RequestRef) => a.workspaceId === b.workspaceId && a.requestId === b.requestId;

export const useNoticesStore = create<NoticesState>()((set, get) => ({
  ...DEFAULT_NOTICES,
  push: (incoming, now = Date.now()) => {
    const current = get().notices;
    const burst = current.find((n) => n.kind === 'new-requests');
    const fresh = incoming.requests.filter((r) => !burst?.requests.some((b) => sameRef(b, r)));
    if (burst) {
      if (fresh.length === 0) return;
      const merged: Notice = { ...burst, requests: [...fresh, ...burst.requests], title: incoming.title, body: incoming.body, at: now, expiresAt: now + NOTICE_TTL_MS };
      set({ notices: [merged, ...current.filter((n) => n !== burst)] });
      return;
    }
    const notice: Notice = {
      id: `notice-${incoming.id}`,
      kind: 'new-requests',
      title: incoming.title,
      body: incoming.body,
      requests: [...incoming.requests],
      tone: 'info',
      at: now,
      expiresAt: now + NOTICE_TTL_MS,
    };
    set({ notices: [notice, ...current] });
  },
  info: (text, opts = {}) => {
    const now = opts.now ?? Date.now();
    counter += 1;
    const requests = opts.requests ?? [];
    const body = opts.body ?? '';
    const tone = opts.tone ?? 'info';
    // The same notice again (a refused key pressed twice) replaces the one showing instead of
    // stacking a copy: it comes back to the top under a new id, so the live region says it again.
    const same = (n: Notice) =>
      n.kind === 'info' &&
      (opts.key !== undefined
        ? n.key === opts.key
        : n.key === undefined && n.title === text && n.body === body && n.tone === tone && n.requests.length === requests.length && n.requests.every((r, i) => sameRef(r, requests[i]!)));
    const before = get().notices;
    const stays = opts.stays === true || before.some((n) => same(n) && n.expiresAt === null);
    const notice: Notice = { id: `info-${counter}`, kind: 'info', title: text, body, requests, tone, at: now, expiresAt: stays ? null : now + NOTICE_TTL_MS, ...(opts.key !== undefined ? { key: opts.key } : {}) };
    set({ notices: [notice, ...before.filter((n) => !same(n))] });
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  dismissAll: () => set({ notices: [] }),
  expire: (now) => {
    if (get().held) return;
    const kept = get().notices.filter((n) => n.expiresAt === null || n.expiresAt > now);
    if (kept.length !== get().notices.length) set({ notices: kept });
  },
  hold: (held, now = Date.now()) => {
    if (held === get().held) return;
    if (held) return set({ held });
    // Leaving the region: whatever was about to go stays a little longer.
    set({ held, notices: get().notices.map((n) => (n.expiresAt !== null && n.expiresAt < now + NOTICE_GRACE_MS ? { ...n, expiresAt: now + NOTICE_GRACE_MS } : n)) });
  },
  reset: () => set({ ...DEFAULT_NOTICES }),
}));
