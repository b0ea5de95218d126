import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { RequestView } from '../../../src-shared/domain';
import { useActions } from '../../actions/context';
import { bulkSkipReason, subjectsOf } from '../../actions/rows';
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

/** What the bulk report says of each request the dialog skipped: whom (one pass over the queue for all), and why. */
function skippedSubjects(items: ReadonlyArray<{ id: string; row: RequestView | null; why: string }>) {
  const rows = items.flatMap((i) => (i.row ? [i.row] : []));
  const subjects = subjectsOf(rows);
  const said = new Map(rows.map((r, k) => [r, subjects[k]!] as const));
  return items.map((i) => ({ id: i.id, subject: i.row ? said.get(i.row)! : 'A request', why: i.why }));
}
/** Past this many, even "Show all" lists only the first ones (a list of 100,000 lines is no review). */
export const LISTED_MAX = 2_000;

/**
 * The first LISTED lines, and "Show all N" for the rest: every request a bulk decision takes can be
 * read before it is confirmed. The whole list scrolls within the dialog (the buttons stay in view).
 */
function BulkList<T extends { id: string }>({ items, label, className, line }: { items: readonly T[]; label: string; className: string; line: (item: T) => ReactNode }) {
  const [all, setAll] = useState(false);
  const shown = all ? items.slice(0, LISTED_MAX) : items.slice(0, LISTED);
  const rest = items.length - shown.length;
  return (
    <>
      <ul className={all ? `${className} bulk-list-all` : className} aria-label={label} tabIndex={all ? 0 : undefined}>
        {shown.map((item) => (
          <li key={item.id}>{line(item)}</li>
        ))}
        {rest > 0 && all ? <li className="muted">and {rest} more</li> : null}
      </ul>
      {items.length > LISTED ? (
        <button type="button" className="link-button" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${items.length}`}
        </button>
      ) : null}
    </>
  );
}

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
      skippedSubjects(skippedItems),
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
        <BulkList
          items={eligible}
          label={isReject ? 'Requests to reject' : 'Requests to bind'}
          className="bulk-list"
          line={(r) => (
            <>
              <UserText text={r.displayName} empty="(no name)" max={60} /> <span className="muted">{toDisplayText(r.address)}</span>
              {workspaceName ? <span className="muted"> · {workspaceName(r.workspaceId)}</span> : null}
              {isReject ? null : (
                // Whom each request is bound to, as the single Bind dialog says it.
                <>
                  {' → '}
                  <UserText text={r.matchedParticipantName ?? ''} empty={`matched participant ${toDisplayText(r.matchedParticipantId ?? '')}`} max={60} />
                </>
              )}
            </>
          )}
        />
        {skipped > 0 ? (
          <>
            <p className="explainer">
              {skipped} selected {skipped === 1 ? 'request is' : 'requests are'} skipped:
            </p>
            <BulkList
              items={skippedItems}
              label="Skipped requests"
              className="bulk-list bulk-skipped"
              line={(item) => (
                <span className="muted">
                  {item.row ? <UserText text={item.row.displayName} empty="(no name)" max={60} /> : 'A request'}
                  {item.row && workspaceName ? ` (${workspaceName(item.row.workspaceId)})` : ''} – {item.why}
                </span>
              )}
            />
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
