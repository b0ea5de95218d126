import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject, type SyntheticEvent } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The controls in `root` that can take focus and are not hidden, in document order. */
export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('hidden') && el.getAttribute('aria-hidden') !== 'true');
}

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** What gets focus on open (default: the first focusable element). */
  initialFocusRef?: RefObject<HTMLElement | null>;
  describedBy?: string;
  wide?: boolean;
  /** Hide the visible heading (the dialog keeps its accessible name). */
  hideTitle?: boolean;
}

/** The request whose queue row holds `el`, if it is in one (QueueRow's `data-request-id`). */
function requestOf(el: Element | null): string | null {
  return el?.closest<HTMLElement>('[data-request-id]')?.dataset.requestId ?? null;
}

/**
 * A modal dialog on the native <dialog> element opened with showModal(): the browser puts it in
 * the top layer (above every notice) and makes everything behind it inert, so neither the
 * pointer nor a screen reader can reach the queue while it is open. Named by its title; focus
 * moves in on open and back on close; Tab cycles inside; Esc closes even when focus has fallen
 * to the page (the native `cancel` event), e.g. after the focused button was replaced.
 */
export function Dialog({ title, onClose, children, initialFocusRef, describedBy, wide, hideTitle }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // A queue row's element shows whichever request the list gives it: by the time the dialog
    // closes it may show someone else (or be kept hidden), so the request is remembered too.
    const previousRequest = requestOf(previous);
    const previousGrid = previous?.closest<HTMLElement>('[role="grid"]') ?? null;
    const root = ref.current;
    if (root && !root.open) {
      // jsdom has no showModal; there the dialog is simply open.
      if (typeof root.showModal === 'function') root.showModal();
      else root.setAttribute('open', '');
    }
    const target = initialFocusRef?.current ?? (root ? focusables(root)[0] : null) ?? root;
    // Opened at its top: focusing a button in the sticky footer (help's Close), here or in
    // showModal's own focusing, scrolled a dialog taller than the window to its end, title and
    // first lines out of view. The footer is in view wherever the dialog scrolls; anything else
    // focused out of view (a note field in a short window) is scrolled into view above the footer,
    // which would otherwise cover it.
    target?.focus({ preventScroll: true });
    if (root) root.scrollTop = 0;
    if (target && root && target !== root) {
      const footer = root.querySelector('.dialog-footer');
      const t = target.getBoundingClientRect();
      const r = root.getBoundingClientRect();
      const bottom = footer && !footer.contains(target) ? footer.getBoundingClientRect().top : r.bottom;
      if (t.bottom > bottom) root.scrollTop += t.bottom - bottom + 8;
      else if (t.top < r.top) root.scrollTop -= r.top - t.top + 8;
    }
    return () => {
      if (root?.open && typeof root.close === 'function') root.close();
      if (previousRequest !== null && (!previous!.isConnected || requestOf(previous) !== previousRequest)) {
        // Gone, or showing another person: the grid hands focus on to its cursor row, after this
        // commit (so its own focus handler runs as for any other focus) and only if nothing else
        // took focus meanwhile (a palette command that focuses the search box). Chromium's modal
        // <dialog> gives focus back to that element itself when it closes: that counts as nothing.
        queueMicrotask(() => {
          const now = document.activeElement;
          if (previousGrid?.isConnected && (now === null || now === document.body || now === previous)) previousGrid.focus();
        });
        return;
      }
      if (previous && previous.isConnected && previous !== document.body) previous.focus();
    };
    // Only on open and close: the element to return to is the one focused when the dialog opened.
  }, []);

  const onCancel = (e: SyntheticEvent<HTMLDialogElement>) => {
    // The browser would close the element itself; the app's state decides instead.
    e.preventDefault();
    onCloseRef.current();
  };

  /**
   * Enter held down: its auto-repeat must not confirm what its first press opened (the bulk bind's
   * focused "Bind 2 requests", the empty note that submits) before anyone read it, nor fill a
   * note it opened pre-filled (a Retry) with blank lines. Repeats are dropped before any control
   * sees them.
   */
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Enter' || !e.repeat) return;
    e.preventDefault();
    e.stopPropagation();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusables(ref.current);
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !ref.current.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !ref.current.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      tabIndex={-1}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      onKeyDownCapture={onKeyDownCapture}
      onKeyDown={onKeyDown}
      onCancel={onCancel}
    >
      <h2 id={titleId} className={hideTitle ? 'visually-hidden' : 'dialog-title'}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
