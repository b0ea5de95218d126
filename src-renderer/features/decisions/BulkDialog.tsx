import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { RequestView } from '../../../src-shared/domain';
import { useActions } from '../../actions/context';
import { bulkSkipReason, subjectOf } from '../../actions/rows';
import { workspaceNamesFor } from '../../../src-shared/workspace-names';
import { useDecisionsStore, useRateLimits } from '../../state/decisions';
import { useQueueStore } from '../../state/queue';
import type { DialogState } from '../../state/view';
import { Dialog } from '../../ui/Dialog';
import { UserText } from '../../ui/UserText';
import { toDisplayText } from '../../lib/text';
import { NoteField, submitsForm } from './NoteField';
import { noteProblem } from '../../lib/decision-validation';

const LISTED = 8;

/**
 * Confirms a bulk reject or bulk bind, stating the count. Bind only covers rows with a matched
 * participant; there is no bulk create/add (each needs a person's judgement).
 */
export function BulkDialog({ state }: { state: Extract<DialogState, { kind: 'bulk-reject' | 'bulk-bind' }> }) {
  const actions = useActions();
  const requests = useQueueStore((s) => s.requests);
  // With several workspaces each listed request says whose it is (look-alike requests in two).
  const workspaces = useQueueStore((s) => s.workspaces);
  const workspaceName = useMemo(() => workspaceNamesFor(workspaces), [workspaces]);
  const [note, setNote] = useState(state.kind === 'bulk-reject' ? (state.prefill?.note ?? '') : '');
  const submitted = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const isReject = state.kind === 'bulk-reject';
  const rows = useMemo(() => {
    const wanted = new Set(state.ids);
    return requests.filter((r) => wanted.has(r.id));
  }, [requests, state.ids]);
  // What can be decided changes with the decisions under way and a rate limit's wait (F27), which
  // counts down: both are read on every render, and a wait re-renders each second until it is over.
  useDecisionsStore((s) => s.records);
  useRateLimits();
  const eligible = rows.filter((r: RequestView) => actions.blockReason(r) === null && (isReject || !!r.matchedParticipantId));
  // Why each selected request left the decision: "Bo – Already approved by Alice Moreno at 14:02".
  const byId = new Map(rows.map((r) => [r.id, r]));
  const skippedItems = state.ids.flatMap((id): Array<{ id: string; row: RequestView | null; why: string }> => {
    const r = byId.get(id);
    const why = bulkSkipReason(r, isReject ? 'reject' : 'bind', actions.blockReason);
    return why === null ? [] : [{ id, row: r ?? null, why }];
  });
  const skipped = skippedItems.length;
  const n = eligible.length;
  const noun = n === 1 ? 'request' : 'requests';
  const canConfirm = n > 0 && (!isReject || noteProblem(note) === null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!canConfirm || submitted.current) return;
    submitted.current = actions.confirmBulk(
      isReject ? 'reject' : 'bind',
      eligible.map((r) => r.id),
      isReject && note.trim() !== '' ? note : undefined,
      skippedItems.map((i) => ({ id: i.id, subject: i.row ? subjectOf(i.row) : 'A request', why: i.why })),
    );
  };

  return (
    <Dialog title={isReject ? 'Bulk reject' : 'Bulk bind'} onClose={() => actions.closeDialog()} initialFocusRef={isReject ? noteRef : confirmRef}>
      <form ref={formRef} onSubmit={onSubmit} onKeyDown={(e) => submitsForm(e) && (e.preventDefault(), formRef.current?.requestSubmit())} noValidate>
        <p className="explainer">
          {isReject
            ? `Reject ${n} ${noun}? Each sender can write again later, which creates a new request.`
            : `Bind ${n} ${noun} to the participants Fruxon matched?`}
        </p>
        <ul className="bulk-list">
          {eligible.slice(0, LISTED).map((r) => (
            <li key={r.id}>
              <UserText text={r.displayName} empty="(no name)" max={60} /> <span className="muted">{toDisplayText(r.address)}</span>
              {workspaceName ? <span className="muted"> · {workspaceName(r.workspaceId)}</span> : null}
              {isReject ? null : (
                // Whom each request is bound to, as the single Bind dialog says it.
                <>
                  {' → '}
                  <UserText text={r.matchedParticipantName ?? ''} empty={`matched participant ${toDisplayText(r.matchedParticipantId ?? '')}`} max={60} />
                </>
              )}
            </li>
          ))}
          {n > LISTED ? <li className="muted">and {n - LISTED} more</li> : null}
        </ul>
        {skipped > 0 ? (
          <>
            <p className="explainer">
              {skipped} selected {skipped === 1 ? 'request is' : 'requests are'} skipped:
            </p>
            <ul className="bulk-list bulk-skipped">
              {skippedItems.slice(0, LISTED).map((item) => (
                <li key={item.id} className="muted">
                  {item.row ? <UserText text={item.row.displayName} empty="(no name)" max={60} /> : 'A request'}
                  {item.row && workspaceName ? ` (${workspaceName(item.row.workspaceId)})` : ''} – {item.why}
                </li>
              ))}
              {skipped > LISTED ? <li className="muted">and {skipped - LISTED} more</li> : null}
            </ul>
          </>
        ) : null}
        {isReject ? (
          <NoteField value={note} onChange={setNote} hint="Optional; the same note is kept with each request. Enter rejects while it is empty; Ctrl+Enter with it." inputRef={noteRef} />
        ) : null}
        <div className="dialog-footer">
          <div className="dialog-buttons">
            <button type="button" className="btn" onClick={() => actions.closeDialog()}>
              Cancel
            </button>
            <button ref={confirmRef} type="submit" className={`btn btn-strong ${isReject ? 'btn-reject' : 'btn-approve'}`} disabled={!canConfirm}>
              {isReject ? `Reject ${n} ${noun}` : `Bind ${n} ${noun}`}
            </button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
