import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RequestDetail } from '../../../src-shared/contract';
import { CANNOT_DECIDE_HERE } from '../../../src-shared/decision-text';
import type { RequestView } from '../../../src-shared/domain';
import { useActions } from '../../actions/context';
import { useApi } from '../../lib/api';
import { copyText } from '../../lib/clipboard';
import { approvalSummary } from '../../lib/decision-summary';
import { providerLabel } from '../../lib/providers';
import { sameSenderElsewhere } from '../../lib/same-sender';
import { hasBidiControls, toDisplayText } from '../../lib/text';
import { formatAge, formatDateTime } from '../../lib/time';
import { useClockStore } from '../../state/clock';
import { blockReasonIn, settleUnknownChecked, useDecisionsStore, useRateLimits } from '../../state/decisions';
import { useQueueStore } from '../../state/queue';
import { decidedByText, historyGapText } from '../../state/selectors';
import { useViewStore } from '../../state/view';
import { ProviderBadge } from '../../ui/ProviderBadge';
import { UserText } from '../../ui/UserText';

type DetailLoad = { state: 'loading' } | { state: 'ready'; detail: RequestDetail } | { state: 'gone' } | { state: 'error'; message: string };

/**
 * How long the cursor must rest on a request before the pane reads it from the server, when the
 * pane followed the cursor there (j/k, a decision moving on). Holding j with the pane open sent one
 * read (and one participant read) per row passed, each a request to the rate-limited API and a
 * render of the pane that the next key's frame waited for; now only the request the cursor stops
 * on is read. Opening the pane reads at once, and so does a new read of the request it shows.
 */
export const DETAIL_READ_REST_MS = 200;

const STATUS_WORDS = { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected' } as const;

function statusText(r: RequestView): string {
  return r.status === 'UNKNOWN' ? `${toDisplayText(r.rawStatus) || 'UNKNOWN'} (not recognised)` : STATUS_WORDS[r.status];
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function CopyButton({ label, text }: { label: string; text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'));
        }}
      >
        {label}
      </button>
      <span className="copy-state" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : ''}
      </span>
    </>
  );
}

const NO_REQUESTS: RequestView[] = [];

/**
 * Requests from the same person on other providers or connectors (same phone on WhatsApp and
 * SMS), from the current snapshot. Hidden when there are none. Each one opens in this pane.
 */
function SameSenderElsewhere({ request }: { request: RequestView }) {
  const actions = useActions();
  // A cursor move compares two numbers per row (lib/same-sender.ts), but they are computed over the
  // whole queue (100,000 rows) once per snapshot: that happens in a deferred render after the pane
  // has switched to the cursor's request (and after the pane first opens: nothing until then), so
  // j/k and a click stay at the grid's speed. Until it catches up it shows nothing rather than the
  // previous request's matches.
  const requests = useDeferredValue(useQueueStore((s) => s.requests), NO_REQUESTS);
  const shown = useDeferredValue(request);
  // Keyed on the fields that decide a match, not on the object: the pane first shows the queue's
  // copy and then the freshly read one.
  const { id, workspaceId, integrationConfigId, provider, address } = shown;
  const matches = useMemo(
    () => sameSenderElsewhere({ id, workspaceId, integrationConfigId, provider, address, createdAt: null }, requests),
    [id, workspaceId, integrationConfigId, provider, address, requests],
  );
  if (shown.id !== request.id || matches.length === 0) return null;
  return (
    <>
      <h3 className="detail-sub" id="same-sender-heading">
        Same sender elsewhere
      </h3>
      <ul className="history" aria-labelledby="same-sender-heading">
        {matches.map((m) => (
          <li key={m.id}>
            <span className={`badge badge-${m.status.toLowerCase()}`}>{statusText(m)}</span> <ProviderBadge provider={m.provider} /> ·{' '}
            <button type="button" className="link-button" onClick={() => actions.openRequest({ workspaceId: m.workspaceId, requestId: m.id })}>
              <UserText text={m.displayName} empty="(no name)" max={60} />
            </button>{' '}
            · <bdi dir="ltr" className="mono">{toDisplayText(m.address)}</bdi> · <UserText text={m.agentName} empty={`Unknown agent (${m.agentId})`} max={60} />
            {m.createdAt ? <span className="muted"> · {formatDateTime(m.createdAt)}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What a decided request's decision did: who and when, the mode (known or labelled inference) and the participant (the note is the Processing Note below). */
function DecisionSummary({ r, now }: { r: RequestView; now: number }) {
  const approved = r.status === 'APPROVED';
  const summary = approved ? approvalSummary(r) : null;
  return (
    <section aria-label="Decision" className="decision-summary">
      <p className={`notice ${approved ? 'notice-approved' : 'notice-rejected'}`}>
        <strong>{upperFirst(decidedByText(r, now))}</strong>
        <span className="muted"> – nothing left to decide.</span>
      </p>
      {summary ? (
        <dl className="fields">
          <Field label="Mode">
            {summary.mode} <span className="muted">({summary.basisText})</span>
          </Field>
          <Field label="Participant">{summary.participant ? <UserText text={summary.participant} max={120} /> : '—'}</Field>
        </dl>
      ) : null}
    </section>
  );
}

/**
 * Everything about the cursor's request (the nine fields of the web panel plus agent, matched
 * participant, what a decision did and the sender's history). The pane has no request of its
 * own: it shows the cursor's, so it follows every cursor move (and closes when there is none),
 * and Approve/Reject here act on exactly what the keys act on. Loaded with requests.get on
 * open and again whenever the queue's copy changes or disappears (F10), the request is opened on
 * purpose (`detailReadToken`), or a decision on it ends "Outcome unknown", which an answer from
 * the server then settles (F31); after a cursor move, once the cursor rests there
 * (DETAIL_READ_REST_MS), showing the queue's copy meanwhile. When the server could not be read,
 * the pane says it shows the console's copy.
 */
export function DetailPane() {
  const cursorId = useViewStore((s) => s.cursor[s.tab]);
  const readToken = useViewStore((s) => s.detailReadToken);
  const actions = useActions();
  const api = useApi();
  const liveRequests = useQueueStore((s) => s.requests);
  const workspaces = useQueueStore((s) => s.workspaces);
  const records = useDecisionsStore((s) => s.records);
  const now = useClockStore((s) => s.now);
  // A rate limit on decisions (F27) counts down on the pane's disabled buttons (as on the rows).
  const { limits, now: clock } = useRateLimits();

  const queued = useMemo(() => {
    if (cursorId === null) return undefined;
    // The cursor's row is in the visible list, whose index answers at once (100,000 rows on every j/k).
    const vis = actions.visible();
    const at = vis.indexById.get(cursorId);
    return at === undefined ? undefined : vis.rows[at];
    // liveRequests: the visible list is derived from it.
  }, [actions, liveRequests, cursorId]);
  const ref = useMemo(() => (queued ? { workspaceId: queued.workspaceId, requestId: queued.id } : null), [queued?.workspaceId, queued?.id]);
  const [load, setLoad] = useState<DetailLoad>({ state: 'loading' });
  const [reload, setReload] = useState(0);
  // Re-read when the queue's copy changes status, is modified, or vanishes.
  const queueKey = queued ? `${queued.status}|${queued.modifiedAt ?? ''}` : 'absent';
  // And when a decision on it ends "Outcome unknown": a read sent after that settles it (F31). The
  // key only moves on to a newer unknown outcome, so settling one costs no further read.
  const unknownRec = cursorId === null ? undefined : records[cursorId];
  const unknownAt = unknownRec?.phase === 'unknown' ? unknownRec.at : null;
  const [recheck, setRecheck] = useState(unknownAt);
  if (unknownAt !== null && unknownAt !== recheck) setRecheck(unknownAt);

  // The request the pane last read: a read for another one follows a cursor move, and waits for the cursor to rest.
  const readFor = useRef<{ workspaceId: string; requestId: string } | null>(null);
  useEffect(() => {
    if (!ref) return;
    let live = true;
    const last = readFor.current;
    const followed = last !== null && (last.requestId !== ref.requestId || last.workspaceId !== ref.workspaceId);
    readFor.current = ref;
    setLoad((l) => (l.state === 'ready' && l.detail.request.id === ref.requestId ? l : { state: 'loading' }));
    const read = () => {
      // The request's decision record as this read is sent: only that record can be settled by it.
      const sentWith = useDecisionsStore.getState().records[ref.requestId];
      api.requests
        .get(ref)
        .then((res) => {
          // The server's answer settles an unknown outcome whether or not the pane still shows the request.
          if (res.ok) settleUnknownChecked(res.value, sentWith);
          if (!live) return;
          if (res.ok) setLoad({ state: 'ready', detail: res.value });
          else if (res.error.code === 'not-found') setLoad({ state: 'gone' });
          else setLoad({ state: 'error', message: res.error.message });
        })
        .catch(() => live && setLoad({ state: 'error', message: 'Could not load the request.' }));
    };
    const timer = followed ? setTimeout(read, DETAIL_READ_REST_MS) : null;
    if (timer === null) read();
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
    };
  }, [api, ref, queueKey, reload, recheck, readToken]);

  if (!ref) return null;
  const detail = load.state === 'ready' && load.detail.request.id === ref.requestId ? load.detail : null;
  // Prefer the fresher of the two: the queue's copy updates with every poll.
  // The queue's copy decides what the pane says and offers (it is what every key acts on);
  // the read adds the matched participant and the sender's history.
  const r: RequestView | null = queued ?? detail?.request ?? null;
  const ws = r ? workspaces.find((w) => w.id === r.workspaceId) : undefined;
  const blocked = r ? blockReasonIn({ records, limits }, r, clock) : 'Not available';

  return (
    // Focus comes back here when the control that had it goes (ui/useFocusRescue.ts).
    <section role="region" aria-label="Request details" className="detail" tabIndex={-1} data-focus-home="">
      <div className="detail-head">
        <h2 className="detail-title">{r ? <UserText text={r.displayName} empty="(no name)" max={80} /> : 'Request'}</h2>
        <button type="button" className="btn btn-quiet detail-close" title="Close details (Esc)" onClick={() => actions.closeDetail()}>
          Close details
        </button>
      </div>
      {load.state === 'loading' && !r ? <p className="muted">Loading…</p> : null}
      {load.state === 'gone' ? (
        <p role="status" className="notice notice-info">
          This request no longer exists.
        </p>
      ) : null}
      {detail && !detail.fromServer ? (
        // Not a live region: the connection status says why the server cannot be read; this says what the pane shows.
        <p className="notice notice-warn">
          Not read from the server just now (offline, signed out or a server error): this is the console's copy from its last poll.{' '}
          <button type="button" className="link-button" onClick={() => setReload((n) => n + 1)}>
            Reload details
          </button>
        </p>
      ) : null}
      {load.state === 'error' ? (
        <p role="alert" className="notice notice-error">
          {load.message}{' '}
          <button type="button" className="link-button" onClick={() => setReload((n) => n + 1)}>
            Reload details
          </button>
        </p>
      ) : null}
      {r && load.state !== 'gone' ? (
        <>
          {r.status === 'APPROVED' || r.status === 'REJECTED' ? <DecisionSummary r={r} now={now} /> : null}
          {r.status === 'UNKNOWN' ? (
            <p className="notice notice-warn">
              The server reported a status this console does not recognise (“{toDisplayText(r.rawStatus)}”). Approve and reject are disabled.
            </p>
          ) : null}
          {r.status === 'PENDING' && !r.canDecide ? <p className="notice notice-warn">{r.readOnlyReason ?? CANNOT_DECIDE_HERE}</p> : null}
          {r.status === 'PENDING' || r.status === 'UNKNOWN' ? (
            <div className="detail-actions">
              <button type="button" className="btn btn-approve" disabled={blocked !== null} title={blocked ?? 'Approve (a, then n, e or b)'} onClick={() => actions.openApprove(null, r.id, 'pane')}>
                Approve…
              </button>
              <button type="button" className="btn btn-reject" disabled={blocked !== null} title={blocked ?? 'Reject (r)'} onClick={() => actions.openReject(r.id, 'pane')}>
                Reject…
              </button>
              {blocked && !(r.status === 'PENDING' && !r.canDecide) ? <span className="muted">{blocked}</span> : null}
            </div>
          ) : null}
          <dl className="fields">
            <Field label="User Name">
              <UserText text={r.displayName} empty="(no name)" expandable />
              {hasBidiControls(r.displayName) ? <span className="flag"> (hidden text-direction characters removed)</span> : null}
            </Field>
            <Field label="Identifier">
              <bdi dir="ltr" className="mono">{toDisplayText(r.address)}</bdi> <CopyButton label="Copy address" text={r.address} />
            </Field>
            <Field label="Provider">
              <ProviderBadge provider={r.provider} />
            </Field>
            <Field label="Connector">
              <UserText text={r.connectorName} empty={`Unknown connector (${r.integrationConfigId ?? 'none'})`} max={120} />
            </Field>
            <Field label="Conversation">
              <UserText text={r.conversationName} empty="—" expandable />
            </Field>
            <Field label="Status">{statusText(r)}</Field>
            <Field label="Created At">
              {formatDateTime(r.createdAt)}
              {r.createdAt ? <span className="muted"> ({formatAge(r.createdAt, now)})</span> : null}
            </Field>
            <Field label="Processed By">{r.processedBy ? <UserText text={r.processedByName ?? r.processedBy} max={120} /> : '—'}</Field>
            <Field label="Processed At">{r.processedAt ? formatDateTime(r.processedAt) : '—'}</Field>
            <Field label="Processing Note">
              <UserText text={r.processingNote ?? ''} empty="—" expandable multiline />
            </Field>
            <Field label="Agent">
              <UserText text={r.agentName} empty={`Unknown agent (${r.agentId})`} max={120} />
            </Field>
            <Field label="Workspace">{ws ? <UserText text={ws.label} max={80} /> : r.workspaceId}</Field>
            <Field label="Request ID">
              <span className="mono">{r.id}</span> <CopyButton label="Copy ID" text={r.id} />
            </Field>
          </dl>
          {ws?.webUrl ? (
            <button
              type="button"
              className="btn"
              onClick={() => void api.app.openExternal({ url: `${ws.webUrl!.replace(/\/+$/, '')}/agents/${encodeURIComponent(r.agentId)}` })}
            >
              Open in Fruxon
            </button>
          ) : null}
          <h3 className="detail-sub">Matched participant</h3>
          {detail?.matchedParticipant ? (
            <div className="participant">
              <p>
                <UserText text={detail.matchedParticipant.displayName} empty="(no name)" max={120} />{' '}
                <span className="muted">
                  {detail.matchedParticipant.kind}
                  {detail.matchedParticipant.email ? ` · ${toDisplayText(detail.matchedParticipant.email)}` : ''}
                </span>
              </p>
              <ul className="channels">
                {detail.matchedParticipant.channels.map((c, i) => (
                  <li key={`${c.address}-${i}`}>
                    <bdi dir="ltr" className="mono">{toDisplayText(c.address)}</bdi>
                    {c.label ? <span className="muted"> · {toDisplayText(c.label)}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted">
              {r.matchedParticipantId ? (
                <>
                  <UserText text={r.matchedParticipantName ?? `Participant ${r.matchedParticipantId}`} max={120} />
                  {detail ? ' (details unavailable)' : ' (loading details…)'}
                </>
              ) : (
                'No matched participant.'
              )}
            </p>
          )}
          <h3 className="detail-sub">Earlier requests from this sender</h3>
          {detail ? (
            detail.history.length > 0 ? (
              <ul className="history">
                {detail.history.map((h) => (
                  <li key={h.id}>
                    <span className={`badge badge-${h.status.toLowerCase()}`}>{statusText(h)}</span> {formatDateTime(h.createdAt)} · {providerLabel(h.provider)}
                    {h.processedBy ? (
                      <>
                        {' '}
                        · by <UserText text={h.processedByName ?? h.processedBy} max={60} />
                      </>
                    ) : null}
                    {h.processingNote ? (
                      <>
                        {' '}
                        – <UserText text={h.processingNote} max={120} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No earlier requests from this sender.</p>
            )
          ) : (
            <p className="muted">{load.state === 'loading' ? 'Loading…' : '—'}</p>
          )}
          {detail && historyGapText(ws, now) ? <p className="muted history-gap">{historyGapText(ws, now)}</p> : null}
          <SameSenderElsewhere request={r} />
        </>
      ) : null}
    </section>
  );
}
