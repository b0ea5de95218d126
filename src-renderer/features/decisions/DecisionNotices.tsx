import { useId } from 'react';
import { useActions } from '../../actions/context';
import { secondsUntil } from '../../lib/time';
import { rateLimitedReason } from '../../state/selectors';
import { batchReport, decisionLine, decisionSpoken, isBusyPhase, rateLimitedUntil, useDecisionsStore, type BatchRecord, type DecisionRecord } from '../../state/decisions';

function DismissButton({ label, onClick, describedBy }: { label: string; onClick: () => void; describedBy?: string }) {
  return (
    <button type="button" className="btn btn-quiet btn-small notice-dismiss" aria-label={label} aria-describedby={describedBy} title={`${label} (Esc)`} onClick={onClick}>
      ×
    </button>
  );
}

/**
 * Seconds left of an undo window that started at `at`: the region's clock ticks every 250 ms, so
 * a decision confirmed between two ticks would otherwise count from a moment before it began
 * ("6 s" for a 5 s window).
 */
const countdown = (sendAt: number, at: number, now: number): number => secondsUntil(sendAt, Math.max(now, at));

/** `text` on screen and, while it counts down, `spoken` for screen readers instead (said once, see decisionSpoken). */
function SpokenOnce({ text, spoken }: { text: string; spoken: string | null }) {
  if (spoken === null) return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">{text}</span>
      <span className="visually-hidden">{spoken}</span>
    </>
  );
}

/** One decision: "Approving …" with Undo during the undo window, then the real outcome and what to do. */
export function DecisionNotice({ record, now }: { record: DecisionRecord; now: number }) {
  const actions = useActions();
  const { subject, text } = decisionLine(record, now);
  const spoken = decisionSpoken(record, now);
  const retryWait = record.retryAt !== null ? secondsUntil(record.retryAt, now) : 0;
  // Each button is described by its line, so a screen reader tabbing through two notices hears
  // "Undo, Ana: Rejecting …", not "Undo" twice.
  const textId = useId();
  return (
    <li className={`notice-item tone-${record.tone}`} data-decision-id={record.id}>
      {/* The console's sentence, left to right; a name in it is isolated (a right-to-left name first
          would otherwise turn the whole line around). */}
      <span dir="ltr" className="notice-text" id={textId}>
        {subject !== null ? (
          <>
            <bdi dir="auto">{subject}</bdi>:{' '}
          </>
        ) : null}
        <SpokenOnce text={text} spoken={spoken} />
      </span>
      <span className="notice-actions">
        {record.phase === 'waiting' ? (
          <>
            <button type="button" className="btn btn-strong btn-small" title="Undo (u)" aria-describedby={textId} onClick={() => actions.undo(record.id)}>
              Undo
            </button>
            {record.sendAt !== null ? (
              <span className="countdown" aria-hidden="true">
                {countdown(record.sendAt, record.at, now)} s
              </span>
            ) : null}
          </>
        ) : null}
        {record.canRetry ? (
          <button type="button" className="btn btn-small" disabled={retryWait > 0} aria-describedby={textId} onClick={() => actions.retry(record.id)}>
            Retry
          </button>
        ) : null}
        {record.phase === 'session-expired' ? (
          <button type="button" className="btn btn-small" aria-describedby={textId} onClick={() => actions.openDialog({ kind: 'signin' })}>
            Open sign-in
          </button>
        ) : null}
        {record.phase === 'unknown' ? (
          <button type="button" className="btn btn-small" aria-describedby={textId} onClick={() => actions.openRequest(record.ref)}>
            Check request
          </button>
        ) : null}
        {!isBusyPhase(record.phase) ? <DismissButton label="Dismiss" describedBy={textId} onClick={() => actions.dismiss(record.id)} /> : null}
      </span>
    </li>
  );
}

/** A bulk reject or bind: one Undo for all during the window, then one report that says each outcome once. */
export function BatchNotice({ batch, records, now }: { batch: BatchRecord; records: Record<string, DecisionRecord>; now: number }) {
  const actions = useActions();
  const limits = useDecisionsStore((s) => s.limits);
  const verb = batch.kind === 'reject' ? 'Rejecting' : 'Binding';
  const n = batch.ids.length;
  const report = batchReport(batch, records, now);
  const textId = useId();
  if (batch.phase !== 'done') {
    const done = report.items.filter((i) => i.result !== 'pending' && i.result !== 'skipped').length;
    return (
      <li className="notice-item tone-progress">
        <span className="notice-text" id={textId}>
          {verb} {n} {n === 1 ? 'request' : 'requests'}…
          {/* Progress on screen only: screen readers hear the report once it is done, not each item. */}
          {batch.phase === 'sending' ? <span aria-hidden="true"> ({done} of {n} done)</span> : null}
        </span>
        <span className="notice-actions">
          {batch.phase === 'waiting' ? (
            <>
              <button type="button" className="btn btn-strong btn-small" title="Undo (u)" aria-describedby={textId} onClick={() => actions.undoBatch(batch.id)}>
                Undo
              </button>
              {batch.sendAt !== null ? (
                <span className="countdown" aria-hidden="true">
                  {countdown(batch.sendAt, batch.at, now)} s
                </span>
              ) : null}
            </>
          ) : null}
        </span>
      </li>
    );
  }
  const title = batch.kind === 'reject' ? 'Bulk reject' : 'Bulk bind';
  const failed = report.items.filter((i) => i.result === 'failed' && records[i.id]?.canRetry);
  const retryable = failed.length;
  // F27: while the server's wait after a 429 runs in a workspace of the failed items, Retry waits too.
  const waitUntil = Math.max(0, ...failed.map((i) => rateLimitedUntil(limits, records[i.id]!.ref.workspaceId, now) ?? 0));
  return (
    <li className={`notice-item notice-report ${report.failed > 0 ? 'tone-error' : 'tone-success'}`}>
      <section aria-label={`${title} report`} className="report">
        <div className="report-head">
          <h3 className="report-title">
            {title}: {report.applied} applied, {report.already} already decided by someone else, {report.failed} failed
            {report.skipped > 0 ? `, ${report.skipped} skipped` : ''}
          </h3>
          <span className="notice-actions">
            {retryable > 0 ? (
              <button type="button" className="btn btn-small" disabled={waitUntil > now} title={waitUntil > now ? rateLimitedReason(secondsUntil(waitUntil, now)) : undefined} onClick={() => actions.retryFailed(batch.id)}>
                Retry failed
              </button>
            ) : null}
            <DismissButton label="Dismiss report" onClick={() => actions.decisions.dismissBatch(batch.id)} />
          </span>
        </div>
        <ul className="report-items">
          {report.items.map((i) => (
            <li key={i.id} className={`report-item report-${i.result}`}>
              <bdi dir="auto">{i.subject}</bdi>: <SpokenOnce text={i.message} spoken={i.spoken} />
            </li>
          ))}
        </ul>
      </section>
    </li>
  );
}
