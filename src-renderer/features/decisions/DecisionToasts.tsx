import { useActions } from '../../app/context';
import { useNow } from '../../lib/useNow';
import { secondsUntil } from '../../lib/time';
import { batchReport, decisionText, isBusyPhase, useDecisionsStore, type BatchRecord, type DecisionRecord } from '../../state/decisions';

function DecisionToast({ record, now }: { record: DecisionRecord; now: number }) {
  const actions = useActions();
  const text = decisionText(record, now);
  const retryWait = record.retryAt !== null ? secondsUntil(record.retryAt, now) : 0;
  return (
    <li className={`toast toast-${record.tone}`} data-decision-id={record.id}>
      <bdi dir="auto" className="toast-text">{text}</bdi>
      <span className="toast-actions">
        {record.phase === 'waiting' ? (
          <>
            <button type="button" className="btn btn-strong" onClick={() => actions.undo(record.id)}>
              Undo
            </button>
            {record.sendAt !== null ? <span className="countdown" aria-hidden="true">{secondsUntil(record.sendAt, now)} s</span> : null}
          </>
        ) : null}
        {record.canRetry ? (
          <button type="button" className="btn" disabled={retryWait > 0} onClick={() => actions.retry(record.id)}>
            Retry
          </button>
        ) : null}
        {record.phase === 'session-expired' ? (
          <button type="button" className="btn" onClick={() => actions.openDialog({ kind: 'signin' })}>
            Open sign-in
          </button>
        ) : null}
        {record.phase === 'unknown' ? (
          <button type="button" className="btn" onClick={() => actions.openRequest(record.ref)}>
            Check request
          </button>
        ) : null}
        {!isBusyPhase(record.phase) ? (
          <button type="button" className="btn btn-quiet" aria-label="Dismiss" onClick={() => actions.dismiss(record.id)}>
            ×
          </button>
        ) : null}
      </span>
    </li>
  );
}

function BatchToast({ batch, records, now }: { batch: BatchRecord; records: Record<string, DecisionRecord>; now: number }) {
  const actions = useActions();
  const verb = batch.kind === 'reject' ? 'Rejecting' : 'Binding';
  const n = batch.ids.length;
  const report = batchReport(batch, records, now);
  if (batch.phase !== 'done') {
    const done = report.items.filter((i) => i.result !== 'pending').length;
    return (
      <li className="toast toast-progress">
        <span className="toast-text">
          {verb} {n} {n === 1 ? 'request' : 'requests'}…{batch.phase === 'sending' ? ` (${done} of ${n} done)` : ''}
        </span>
        <span className="toast-actions">
          {batch.phase === 'waiting' ? (
            <>
              <button type="button" className="btn btn-strong" onClick={() => actions.undoBatch(batch.id)}>
                Undo
              </button>
              {batch.sendAt !== null ? <span className="countdown" aria-hidden="true">{secondsUntil(batch.sendAt, now)} s</span> : null}
            </>
          ) : null}
        </span>
      </li>
    );
  }
  const title = batch.kind === 'reject' ? 'Bulk reject' : 'Bulk bind';
  return (
    <li className={`toast ${report.failed > 0 ? 'toast-error' : 'toast-success'}`}>
      <section aria-label={`${title} report`} className="report">
        <h3 className="report-title">
          {title}: {report.applied} applied, {report.already} already decided by someone else, {report.failed} failed
        </h3>
        <ul className="report-items">
          {report.items.map((i) => (
            <li key={i.id} className={`report-item report-${i.result}`}>
              <bdi dir="auto">{i.subject}</bdi>: {i.result === 'applied' ? 'applied' : i.result === 'already-decided' ? i.message : i.result === 'pending' ? 'pending' : `failed – ${i.message}`}
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-quiet" onClick={() => actions.decisions.dismissBatch(batch.id)}>
          Dismiss report
        </button>
      </section>
    </li>
  );
}

/** Decision toasts: "Approving …" with Undo during the undo window, then the real outcome. */
export function DecisionToasts() {
  const records = useDecisionsStore((s) => s.records);
  const batches = useDecisionsStore((s) => s.batches);
  const singles = Object.values(records)
    .filter((r) => r.batchId === null)
    .sort((a, b) => b.seq - a.seq);
  const batchList = Object.values(batches).sort((a, b) => b.seq - a.seq);
  const ticking = singles.some((r) => r.phase === 'waiting' || r.phase === 'rate-limited') || batchList.some((b) => b.phase === 'waiting');
  const now = useNow(250, ticking);
  return (
    <div role="region" aria-label="Decisions" className="toasts">
      <ul aria-live="polite" className="toast-list">
        {batchList.map((b) => (
          <BatchToast key={b.id} batch={b} records={records} now={now} />
        ))}
        {singles.map((r) => (
          <DecisionToast key={r.id} record={r} now={now} />
        ))}
      </ul>
    </div>
  );
}
