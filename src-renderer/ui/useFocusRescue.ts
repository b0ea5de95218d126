/**
 * Keyboard focus never drops to the page because the control that had it was disabled or removed
 * under the operator: a 429 disables a row's buttons, a request decided elsewhere disables the
 * detail pane's, a dialog swaps its content (a sign-in that fails, a sign-out confirmed). Chromium
 * then sends focus to <body>, where Tab starts again from the top and a screen reader says nothing.
 * Focus goes instead to the nearest place that still holds the same thing: the open dialog (its
 * first control that can take it), the queue (through `onQueueLost`: the cursor row, or the empty
 * queue's way back), or the region marked `data-focus-home` around it, itself (the detail pane,
 * the notices, the status line); when that region went too, the queue. A click on an empty part of
 * the page (the control still there and enabled) is left alone, and so is focus that went anywhere
 * else.
 */
import { useEffect } from 'react';
import { focusables } from './Dialog';

export function useFocusRescue(onQueueLost: () => void): void {
  useEffect(() => {
    // Where the focused control sat, read when it got focus (once removed, it has no ancestors).
    let home: { dialog: HTMLDialogElement | null; group: HTMLElement | null; pane: HTMLElement | null; inQueue: boolean } = { dialog: null, group: null, pane: null, inQueue: false };
    const onFocusIn = (e: FocusEvent) => {
      const t = e.target instanceof Element ? e.target : null;
      home = {
        dialog: t?.closest('dialog') ?? null,
        // In a dialog, the form or group the control belongs to comes first (a token form's field,
        // not the first control of the dialog, which may be a workspace's "Sign out…").
        group: t?.closest<HTMLElement>('form, fieldset, [role="group"]') ?? null,
        pane: t?.closest<HTMLElement>('[data-focus-home]') ?? null,
        inQueue: !!t?.closest('[role="grid"]'),
      };
    };
    const onFocusOut = (e: FocusEvent) => {
      if (e.relatedTarget !== null || !(e.target instanceof HTMLElement)) return;
      const lost = e.target;
      const at = home;
      setTimeout(() => {
        const active = document.activeElement;
        if (active !== null && active !== document.body) return;
        // Still there and usable: the operator clicked somewhere that takes no focus.
        if (lost.isConnected && !lost.matches(':disabled')) return;
        if (at.dialog) {
          if (!at.dialog.isConnected || !at.dialog.open) return;
          const inGroup = at.group?.isConnected && at.dialog.contains(at.group) ? focusables(at.group)[0] : undefined;
          (inGroup ?? focusables(at.dialog)[0])?.focus();
          return;
        }
        if (at.pane?.isConnected && !at.inQueue) at.pane.focus();
        // The queue, and anything whose region went with it (the detail pane of a request decided
        // elsewhere, the last one a search showed): the cursor row, or the empty queue's way back.
        else onQueueLost();
      }, 0);
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [onQueueLost]);
}
