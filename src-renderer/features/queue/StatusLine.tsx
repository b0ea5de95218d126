import { useNow } from '../../lib/useNow';
import { useQueueStore } from '../../state/queue';
import { droppedRowsText, statusLineFor } from '../../state/selectors';

/** The connection status, per workspace when there are several (Live, Stale since…, Rate limited…, Offline, Signed out). */
export function StatusLine() {
  const workspaces = useQueueStore((s) => s.workspaces);
  const loaded = useQueueStore((s) => s.loaded);
  const ticking = workspaces.some((w) => w.poll.state === 'rate-limited');
  const now = useNow(1000, ticking);
  const several = workspaces.length > 1;
  const dropped = workspaces.reduce((n, w) => n + w.poll.droppedRows, 0);

  return (
    <div role="status" aria-label="Connection status" className="status-line">
      {!loaded ? <span className="status-item tone-muted">Connecting…</span> : null}
      {loaded && workspaces.length === 0 ? <span className="status-item tone-error">Signed out – no workspace configured</span> : null}
      {workspaces.map((w) => {
        const s = statusLineFor(w, now);
        return (
          <span key={w.id} className={`status-item tone-${s.tone}`}>
            <span className="status-dot" aria-hidden="true" />
            {several ? `${w.label}: ` : ''}
            {s.text}
            {w.isDemo ? <span className="status-demo"> (demo)</span> : null}
          </span>
        );
      })}
      {droppedRowsText(dropped) ? <span className="status-item tone-warn">{droppedRowsText(dropped)}</span> : null}
    </div>
  );
}
