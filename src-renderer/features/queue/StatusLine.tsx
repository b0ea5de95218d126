import { useActions } from '../../actions/context';
import { useMemo } from 'react';
import { workspaceNamesFor } from '../../../src-shared/workspace-names';
import { formatClockSeconds } from '../../../src-shared/when';
import { secondsUntil } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { rateLimitedUntil, useRateLimits } from '../../state/decisions';
import { useQueueStore } from '../../state/queue';
import { droppedRowsText, statusLineFor } from '../../state/selectors';

/** " · retrying in 12 s" on screen; for the live region, when, once (" · retrying at 14:05:10"), not a number every second. */
function Countdown({ at, verb, now }: { at: number | null; verb: string; now: number }) {
  if (at === null) return null;
  return (
    <span className="status-retry">
      <span aria-hidden="true">
        {' '}
        · {verb} in {secondsUntil(at, now)} s
      </span>
      <span className="visually-hidden">
        {' '}
        · {verb} at {formatClockSeconds(at)}
      </span>
    </span>
  );
}

/**
 * The connection status, per workspace when there are several: Live, or the current failure in
 * words (whatever the last poll reported, never an older one), when the console tries again by
 * itself (a countdown) and "Retry now". It turns Live on the first good poll. A poll under way
 * for longer than LIVE_WAIT_MS says so while it waits ("Live – waiting for the server"), and a
 * refresh the operator asked for says "Refreshing…" until main answers. While the server's 429
 * holds a workspace's decisions (F27) it says so with the time left, outside the live region: the
 * countdown changes every second, and the notice and the disabled buttons already say it once.
 */
export function StatusLine() {
  const actions = useActions();
  const workspaces = useQueueStore((s) => s.workspaces);
  const loaded = useQueueStore((s) => s.loaded);
  const refreshing = useQueueStore((s) => s.refreshing > 0);
  // Counting down, or a poll under way (it may come to wait for the server).
  const ticking = workspaces.some((w) => (w.poll.state !== 'live' && (w.poll.nextPollAt !== null || w.poll.state === 'rate-limited')) || (w.poll.state === 'live' && w.poll.pollingSince !== null));
  const now = useNow(1000, ticking);
  // With several workspaces each line is named as the rows name it (two with the same label told apart).
  const names = useMemo(() => workspaceNamesFor(workspaces), [workspaces]);
  const dropped = workspaces.reduce((n, w) => n + w.poll.droppedRows, 0);
  const lines = workspaces.map((w) => ({ w, s: statusLineFor(w, now) }));
  const canRetry = lines.some((l) => l.s.canRetryNow);
  const { limits, now: clock } = useRateLimits();
  const held = workspaces.flatMap((w) => {
    const until = rateLimitedUntil(limits, w.id, clock);
    return until === null ? [] : [{ w, seconds: secondsUntil(until, clock) }];
  });

  return (
    // Focus comes back here when "Retry now" goes (the workspace is live again): ui/useFocusRescue.ts.
    <div className="status-line" tabIndex={-1} data-focus-home="">
      <div role="status" aria-label="Connection status" className="status-items">
        {!loaded ? <span className="status-item tone-muted">Connecting…</span> : null}
        {loaded && workspaces.length === 0 ? <span className="status-item tone-error">Signed out – no workspace configured</span> : null}
        {lines.map(({ w, s }) => (
          <span key={w.id} className={`status-item tone-${s.tone}`}>
            <span className="status-dot" aria-hidden="true" />
            <span className="status-text">
              {names ? `${names(w.id)}: ` : ''}
              {s.text}
              <Countdown at={s.retryAt ?? s.refreshAt ?? null} verb={s.retryAt !== null ? 'retrying' : 'refreshing'} now={now} />
            </span>
          </span>
        ))}
        {droppedRowsText(dropped) ? <span className="status-item tone-warn">{droppedRowsText(dropped)}</span> : null}
        {refreshing ? <span className="status-item tone-muted">Refreshing…</span> : null}
      </div>
      {held.map(({ w, seconds }) => (
        <span key={w.id} className="status-item tone-warn" title="The server asked for no more decisions for a while (429): Approve and Reject are off until then.">
          {names ? `${names(w.id)}: ` : ''}Decisions paused (rate limited) · {seconds} s
        </span>
      ))}
      {canRetry ? (
        <button type="button" className="btn btn-small" onClick={() => actions.refreshNow()}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}
