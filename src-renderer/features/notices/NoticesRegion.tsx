import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { RequestRef } from '../../../src-shared/contract';
import { useActions } from '../../actions/context';
import { providerLabel } from '../../lib/providers';
import { toDisplayText } from '../../lib/text';
import { spokenTextOf } from '../../lib/spoken-text';
import { useNow } from '../../lib/useNow';
import { anyRateLimited, batchReport, isBusyPhase, needsAction, useDecisionsStore, type BatchRecord, type DecisionRecord } from '../../state/decisions';
import { NOTICE_TTL_MS, useNoticesStore, type Notice } from '../../state/notices';
import { useQueueStore } from '../../state/queue';
import { BatchNotice, DecisionNotice } from '../decisions/DecisionNotices';

/** At most this many notices show; the rest fold behind "N more". */
export const MAX_VISIBLE_NOTICES = 3;

type Item = { key: string; at: number; node: (now: number) => ReactNode };

/** "3 new requests: 2 WhatsApp, 1 Slack" for a burst, from the rows the queue already has. */
function burstText(n: Notice, providerOf: (ref: RequestRef) => string | undefined): { title: string; body: string } {
  if (n.requests.length <= 1) return { title: n.title, body: n.body };
  const counts = new Map<string, number>();
  let unknown = 0;
  for (const ref of n.requests) {
    const p = providerOf(ref);
    if (p !== undefined) counts.set(providerLabel(p), (counts.get(providerLabel(p)) ?? 0) + 1);
    else unknown += 1;
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([label, c]) => `${c} ${label}`);
  // Requests announced before their rows reach the queue: the parts still add up to the title's count.
  if (parts.length > 0 && unknown > 0) parts.push(`${unknown} more`);
  const summary = parts.join(', ');
  return { title: `${n.requests.length} new requests`, body: summary || n.body };
}

function NoticeLine({ notice }: { notice: Notice }) {
  const actions = useActions();
  const dismiss = useNoticesStore((s) => s.dismiss);
  const requests = useQueueStore((s) => s.requests);
  const providerOf = (ref: RequestRef) => requests.find((r) => r.id === ref.requestId && r.workspaceId === ref.workspaceId)?.provider;
  const { title, body } = notice.kind === 'new-requests' ? burstText(notice, providerOf) : { title: notice.title, body: notice.body };
  const first = notice.requests[0];
  const text = (
    <>
      {/* On screen the line is plainly a new request; heard on its own, "Ana on WhatsApp" is not. */}
      {notice.kind === 'new-requests' && notice.requests.length <= 1 ? <span className="visually-hidden">New request: </span> : null}
      {/* The console's sentences are left to right whatever name they start with (a right-to-left
          name first would otherwise turn "… was rejected by Sam" around). */}
      <span dir="ltr" className="notice-title">
        {toDisplayText(title)}
      </span>
      {body ? (
        <>
          {' '}
          <span dir="ltr" className="notice-body">
            {toDisplayText(body)}
          </span>
        </>
      ) : null}
    </>
  );
  return (
    <li className={`notice-item tone-${notice.tone === 'warn' ? 'warn' : 'info'}`}>
      {first ? (
        <button
          type="button"
          className="notice-open notice-text"
          onClick={() => {
            actions.openRequest(first);
            dismiss(notice.id);
          }}
        >
          {text}
        </button>
      ) : (
        <span className="notice-text">{text}</span>
      )}
      <span className="notice-actions">
        <button type="button" className="btn btn-quiet btn-small notice-dismiss" aria-label="Dismiss notice" title="Dismiss (Esc)" onClick={() => dismiss(notice.id)}>
          ×
        </button>
      </span>
    </li>
  );
}

/** How long a notice's words must stay the same before they are said (a burst rewrites its line as requests join it). */
export const SPEAK_SETTLE_MS = 200;

/**
 * Each notice's words said once, and again only when they change (an outcome replacing
 * "Rejecting …"), through a live region of its own. The visible list is not a live region: its
 * lines are sorted newest first, and a line moving to the top (an outcome landing) moves the others
 * in the DOM, which a live region reports as added, so screen readers said them again.
 * `keys[i]` is the key of the list's i-th line (each notice renders one `li`).
 */
function useSpokenOnce(listRef: RefObject<HTMLUListElement | null>, keys: readonly string[], allKeys: readonly string[]) {
  const said = useRef(new Map<string, string>());
  const waiting = useRef(new Map<string, string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);
  const [spoken, setSpoken] = useState<Array<{ seq: number; text: string }>>([]);
  const read = (): Map<string, string> => {
    const lines = listRef.current ? [...listRef.current.children] : [];
    return new Map(keys.map((k, i) => [k, lines[i] ? spokenTextOf(lines[i]) : '']));
  };
  const readRef = useRef(read);
  readRef.current = read;

  useLayoutEffect(() => {
    // Forget notices that are gone; one folded behind "N more" and shown again is not said again.
    for (const k of [...said.current.keys()]) if (!allKeys.includes(k)) said.current.delete(k);
    let changed = false;
    for (const [k, text] of read()) {
      if (text === '' || said.current.get(k) === text || waiting.current.get(k) === text) continue;
      waiting.current.set(k, text);
      changed = true;
    }
    if (!changed) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      const now = readRef.current();
      const fresh: string[] = [];
      for (const [k, text] of waiting.current) {
        // Still shown with these words (a notice dismissed meanwhile is not said).
        if (now.get(k) === text) {
          said.current.set(k, text);
          fresh.push(text);
        }
      }
      waiting.current.clear();
      if (fresh.length > 0) setSpoken((s) => [...s, ...fresh.map((text) => ({ seq: (seq.current += 1), text }))].slice(-4));
    }, SPEAK_SETTLE_MS);
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return spoken;
}

/** Whether a decision notice is information that may leave by itself (nothing to do about it). */
const recordExpires = (r: DecisionRecord) => !isBusyPhase(r.phase) && !needsAction(r.phase);
const batchExpires = (b: BatchRecord, records: Record<string, DecisionRecord>, now: number) => b.phase === 'done' && batchReport(b, records, now).failed === 0;

/**
 * The one place notices appear: new requests, decisions in their undo window and their outcomes,
 * bulk reports and the console's own information, newest first. It sits in the layout under the
 * queue (never over rows, the detail pane or a dialog), shows a few at most, and says each new
 * notice and each outcome to screen readers once (useSpokenOnce). Information leaves by itself
 * (not while the pointer or focus is in the region); what needs an action stays. Esc dismisses
 * the newest, Shift+Esc all of them.
 */
export function NoticesRegion() {
  const actions = useActions();
  const notices = useNoticesStore((s) => s.notices);
  const held = useNoticesStore((s) => s.held);
  const records = useDecisionsStore((s) => s.records);
  const batches = useDecisionsStore((s) => s.batches);
  const [expanded, setExpanded] = useState(false);
  const regionRef = useRef<HTMLElement>(null);

  const singles = Object.values(records).filter((r) => r.batchId === null);
  const batchList = Object.values(batches);
  const limits = useDecisionsStore((s) => s.limits);
  // Undo windows, and a rate limit's wait (a countdown on Retry, and "Retry failed" held back).
  const counting = singles.some((r) => r.phase === 'waiting' || r.phase === 'rate-limited') || batchList.some((b) => b.phase === 'waiting') || anyRateLimited(limits, Date.now());
  const expiring = notices.some((n) => n.expiresAt !== null) || singles.some(recordExpires) || batchList.some((b) => b.phase === 'done');
  const now = useNow(counting ? 250 : 1000, counting || expiring);

  // Information leaves by itself, unless the operator is in the region.
  useEffect(() => {
    if (held) return;
    useNoticesStore.getState().expire(now);
    for (const r of singles) if (recordExpires(r) && r.at + NOTICE_TTL_MS <= now) actions.decisions.dismiss(r.id);
    for (const b of batchList) if (batchExpires(b, records, now) && b.at + NOTICE_TTL_MS <= now) actions.decisions.dismissBatch(b.id);
  });

  const items: Item[] = [
    ...notices.map((n) => ({ key: n.id, at: n.at, node: () => <NoticeLine key={n.id} notice={n} /> })),
    ...singles.map((r) => ({ key: `d-${r.id}`, at: r.at, node: (t: number) => <DecisionNotice key={`d-${r.id}`} record={r} now={t} /> })),
    ...batchList.map((b) => ({ key: b.id, at: b.at, node: (t: number) => <BatchNotice key={b.id} batch={b} records={records} now={t} /> })),
  ].sort((a, b) => b.at - a.at);
  const shown = expanded ? items : items.slice(0, MAX_VISIBLE_NOTICES);
  const hidden = items.length - shown.length;

  const listRef = useRef<HTMLUListElement>(null);
  const spoken = useSpokenOnce(
    listRef,
    shown.map((i) => i.key),
    items.map((i) => i.key),
  );

  const hold = (on: boolean) => useNoticesStore.getState().hold(on, Date.now());
  return (
    <>
      <section
        ref={regionRef}
        aria-label="Notices"
        // Focus comes back here when the notice control that had it goes (an Undo whose window ended): ui/useFocusRescue.ts.
        tabIndex={-1}
        data-focus-home=""
        className={items.length > 0 ? 'notices-region' : 'notices-region notices-empty'}
        onMouseEnter={() => hold(true)}
        onMouseLeave={() => {
          if (!regionRef.current?.contains(document.activeElement)) hold(false);
        }}
        onFocus={() => hold(true)}
        onBlur={(e) => {
          if (!regionRef.current?.contains(e.relatedTarget as Node | null)) hold(false);
        }}
      >
        <ul ref={listRef} className="notice-list">
          {shown.map((i) => i.node(now))}
        </ul>
        {hidden > 0 || expanded ? (
          <button type="button" className="link-button notices-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show fewer' : `${hidden} more`}
          </button>
        ) : null}
      </section>
      <div className="visually-hidden" aria-live="polite" aria-relevant="additions" data-testid="notices-spoken">
        {spoken.map((m) => (
          <p key={m.seq}>{m.text}</p>
        ))}
      </div>
    </>
  );
}
