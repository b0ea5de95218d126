import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ApproveInput } from '../../../src-shared/contract';
import { LIMITS, type ApproveMode, type Participant } from '../../../src-shared/domain';
import { useActions } from '../../actions/context';
import { useQueueStore } from '../../state/queue';
import { decisionBlockReason } from '../../state/selectors';
import type { DialogState } from '../../state/view';
import { CharCounter } from '../../ui/CharCounter';
import { Dialog } from '../../ui/Dialog';
import { UserText } from '../../ui/UserText';
import { NoteField, submitsForm } from './NoteField';
import { ParticipantPicker, type PickerLoad } from './ParticipantPicker';
import { RequestSummary } from './RequestSummary';
import { approveProblems, defaultDisplayName, MODE_LABELS, MODE_SHORT } from '../../lib/decision-validation';

const MODE_HINTS: Record<ApproveMode, string> = {
  CREATE_NEW: 'Adds the sender as a new person in the participant graph.',
  ADD_TO_EXISTING: 'Adds this channel to someone who is already a participant.',
  BIND_ONLY: 'Binds the sender to the participant Fruxon already matched.',
};

/** A key that would type a character (what must never change the decision). */
const isPrintable = (e: KeyboardEvent) => e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;

/**
 * Approve with one of three modes; BIND_ONLY only when the request has a matched participant.
 * Keyboard: the field that matters for the mode has focus on open (the name for a new
 * participant, the participant search for add-to-existing, the note for bind), so Enter
 * confirms (`a n` Enter, `a b` Enter) and add-to-existing is `a e`, the name, Enter to pick the
 * highlighted suggestion, Enter to confirm. Printable keys never change the mode: Space on a
 * mode radio does nothing, and typing there goes to the participant search; the mode changes
 * only with the arrow keys or a click.
 */
export function ApproveDialog({ state }: { state: Extract<DialogState, { kind: 'approve' }> }) {
  const actions = useActions();
  const id = useId();
  const requests = useQueueStore((s) => s.requests);
  const row = useMemo(() => requests.find((r) => r.id === state.ref.requestId && r.workspaceId === state.ref.workspaceId), [requests, state.ref]);
  const matched = !!row?.matchedParticipantId;
  const [mode, setMode] = useState<ApproveMode>(() => (state.mode === 'BIND_ONLY' && !matched ? 'CREATE_NEW' : (state.mode ?? (matched ? 'BIND_ONLY' : 'CREATE_NEW'))));
  const [displayName, setDisplayName] = useState(() => state.prefill?.displayName ?? defaultDisplayName(row));
  const [note, setNote] = useState(state.prefill?.note ?? '');
  const [participantId, setParticipantId] = useState<string | null>(state.prefill?.participantId ?? null);
  const [participants, setParticipants] = useState<PickerLoad<Participant[]>>(() => {
    const held = actions.participants.peek(state.ref.workspaceId);
    return held ? { state: 'ready', value: held } : { state: 'idle' };
  });
  const submitted = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const initialFocus = state.mode === 'ADD_TO_EXISTING' ? searchRef : mode === 'CREATE_NEW' ? nameRef : noteRef;

  const [reload, setReload] = useState(0);
  useEffect(() => {
    if (mode !== 'ADD_TO_EXISTING') return;
    let live = true;
    setParticipants((p) => (p.state === 'ready' ? p : { state: 'loading' }));
    actions.participants
      .get(state.ref.workspaceId, { refresh: reload > 0 })
      .then((res) => live && setParticipants(res.ok ? { state: 'ready', value: res.value } : { state: 'error', message: res.error.message }))
      .catch(() => live && setParticipants({ state: 'error', message: 'Could not load participants.' }));
    return () => {
      live = false;
    };
  }, [mode, reload, actions, state.ref.workspaceId]);

  const blocked = row ? decisionBlockReason(row, false) : 'This request is no longer in the queue.';
  const problems = approveProblems({ mode, displayName, participantId, note, matched });
  const canConfirm = blocked === null && problems.length === 0;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!canConfirm || submitted.current) return;
    const input: ApproveInput = { ...state.ref, mode };
    if (mode === 'CREATE_NEW') input.displayName = displayName.trim();
    if (mode === 'ADD_TO_EXISTING' && participantId) input.participantId = participantId;
    if (note.trim() !== '') input.note = note;
    submitted.current = actions.confirmApprove(input);
  };

  const onModeKeyDown = (e: KeyboardEvent<HTMLFieldSetElement>) => {
    if (!isPrintable(e)) {
      if (e.key === 'Enter') {
        e.preventDefault();
        formRef.current?.requestSubmit();
      }
      return;
    }
    // Never a change of mode: Space would check the focused radio.
    if (e.key === ' ') e.preventDefault();
    // Typing a name here means searching for the person.
    if (mode === 'ADD_TO_EXISTING' && e.key !== ' ') searchRef.current?.focus();
  };

  const modes: ApproveMode[] = matched ? ['BIND_ONLY', 'CREATE_NEW', 'ADD_TO_EXISTING'] : ['CREATE_NEW', 'ADD_TO_EXISTING'];
  const matchedName = row?.matchedParticipantName ?? null;
  return (
    <Dialog title="Approve request" onClose={() => actions.closeDialog()} wide describedBy={`${id}-summary`} initialFocusRef={initialFocus}>
      <form ref={formRef} onSubmit={onSubmit} onKeyDown={(e) => submitsForm(e) && (e.preventDefault(), formRef.current?.requestSubmit())} noValidate>
        <div id={`${id}-summary`}>{row ? <RequestSummary row={row} /> : null}</div>
        {blocked ? (
          <p role="alert" className="field-error">
            {blocked}
          </p>
        ) : null}
        <fieldset className="modes" onKeyDown={onModeKeyDown}>
          <legend>How to approve</legend>
          {modes.map((m) => (
            <div key={m} className="mode">
              <input type="radio" id={`${id}-${m}`} name={`${id}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} aria-describedby={`${id}-${m}-hint`} />
              <label htmlFor={`${id}-${m}`}>{MODE_LABELS[m]}</label>
              <span id={`${id}-${m}-hint`} className="mode-hint">
                {MODE_HINTS[m]}
                {m === 'BIND_ONLY' && matchedName ? (
                  <>
                    {' '}
                    Matched: <UserText text={matchedName} max={80} />.
                  </>
                ) : null}
              </span>
            </div>
          ))}
        </fieldset>
        {mode === 'CREATE_NEW' ? (
          <div className="field">
            <label htmlFor={`${id}-name`}>Display name</label>
            <input
              ref={nameRef}
              id={`${id}-name`}
              type="text"
              value={displayName}
              dir="auto"
              autoComplete="off"
              aria-invalid={displayName.trim() === '' || displayName.length > LIMITS.displayName}
              aria-describedby={`${id}-name-count`}
              onChange={(e) => setDisplayName(e.target.value)}
            />
            <div className="field-foot">
              <CharCounter id={`${id}-name-count`} length={displayName.length} max={LIMITS.displayName} />
            </div>
          </div>
        ) : null}
        {mode === 'ADD_TO_EXISTING' && row ? (
          <ParticipantPicker
            request={row}
            load={participants}
            value={participantId}
            onChange={setParticipantId}
            onRetry={() => setReload((n) => n + 1)}
            inputRef={searchRef}
            onConfirm={() => formRef.current?.requestSubmit()}
          />
        ) : null}
        <NoteField value={note} onChange={setNote} hint="Optional; kept with the request. Ctrl+Enter approves." inputRef={noteRef} />
        <div className="dialog-footer">
          {problems.length > 0 && blocked === null ? (
            <ul className="problems" aria-live="polite">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          <div className="dialog-buttons">
            <button type="button" className="btn" onClick={() => actions.closeDialog()}>
              Cancel
            </button>
            <button type="submit" className="btn btn-approve btn-strong" disabled={!canConfirm} aria-describedby={`${id}-${mode}-hint`}>
              Approve<span aria-hidden="true" className="btn-mode"> · {MODE_SHORT[mode]}</span>
            </button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
