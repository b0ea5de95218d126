import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { RejectInput } from '../../../src-shared/contract';
import { useActions } from '../../actions/context';
import { useQueueStore } from '../../state/queue';
import { decisionBlockReason } from '../../state/selectors';
import type { DialogState } from '../../state/view';
import { Dialog } from '../../ui/Dialog';
import { NoteField, submitsForm } from './NoteField';
import { RequestSummary } from './RequestSummary';
import { noteProblem } from '../../lib/decision-validation';

/**
 * Reject with an optional note. Rejection is "no for now": the sender's next message makes a new
 * request. The note has focus: `r` Enter rejects without a note, `r`, the note, Ctrl/Cmd+Enter
 * rejects with it.
 */
export function RejectDialog({ state }: { state: Extract<DialogState, { kind: 'reject' }> }) {
  const actions = useActions();
  const requests = useQueueStore((s) => s.requests);
  const row = useMemo(() => requests.find((r) => r.id === state.ref.requestId && r.workspaceId === state.ref.workspaceId), [requests, state.ref]);
  const [note, setNote] = useState(state.prefill?.note ?? '');
  const submitted = useRef(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const blocked = row ? decisionBlockReason(row, false) : 'This request is no longer in the queue.';
  const canConfirm = blocked === null && noteProblem(note) === null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!canConfirm || submitted.current) return;
    const input: RejectInput = { ...state.ref };
    if (note.trim() !== '') input.note = note;
    submitted.current = actions.confirmReject(input);
  };

  return (
    <Dialog title="Reject request" onClose={() => actions.closeDialog()} describedBy="reject-summary reject-explainer" initialFocusRef={noteRef}>
      <form ref={formRef} onSubmit={onSubmit} onKeyDown={(e) => submitsForm(e) && (e.preventDefault(), formRef.current?.requestSubmit())} noValidate>
        <div id="reject-summary">{row ? <RequestSummary row={row} /> : null}</div>
        <p id="reject-explainer" className="explainer">
          Rejecting means “no for now”: the sender stays in onboarding, and their next message creates a new request you can reconsider.
        </p>
        {blocked ? (
          <p role="alert" className="field-error">
            {blocked}
          </p>
        ) : null}
        <NoteField value={note} onChange={setNote} hint="Optional; kept with the request. Enter rejects while the note is empty; Ctrl+Enter rejects with it." inputRef={noteRef} />
        <div className="dialog-footer">
          <div className="dialog-buttons">
            <button type="button" className="btn" onClick={() => actions.closeDialog()}>
              Cancel
            </button>
            <button type="submit" className="btn btn-reject btn-strong" disabled={!canConfirm}>
              Reject
            </button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
