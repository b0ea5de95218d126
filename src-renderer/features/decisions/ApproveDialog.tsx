import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ApproveInput } from '../../../src-shared/contract';
import { LIMITS, type ApproveMode, type Participant } from '../../../src-shared/domain';
import { useActions } from '../../app/context';
import { useApi } from '../../lib/api';
import { useQueueStore } from '../../state/queue';
import type { DialogState } from '../../state/view';
import { CharCounter } from '../../ui/CharCounter';
import { Dialog } from '../../ui/Dialog';
import { UserText } from '../../ui/UserText';
import { NoteField } from './NoteField';
import { ParticipantPicker } from './ParticipantPicker';
import { RequestSummary } from './RequestSummary';
import { approveProblems, defaultDisplayName, MODE_LABELS, MODE_SHORT } from './validation';
import { decisionBlockReason } from '../../state/selectors';

type Load<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

const MODE_HINTS: Record<ApproveMode, string> = {
  CREATE_NEW: 'Adds the sender as a new person in the participant graph.',
  ADD_TO_EXISTING: 'Adds this channel to someone who is already a participant.',
  BIND_ONLY: 'Binds the sender to the participant Fruxon already matched.',
};

/** Approve with one of three modes; BIND_ONLY only when the request has a matched participant. */
export function ApproveDialog({ state }: { state: Extract<DialogState, { kind: 'approve' }> }) {
  const actions = useActions();
  const api = useApi();
  const id = useId();
  const requests = useQueueStore((s) => s.requests);
  const workspaces = useQueueStore((s) => s.workspaces);
  const row = useMemo(() => requests.find((r) => r.id === state.ref.requestId && r.workspaceId === state.ref.workspaceId), [requests, state.ref]);
  const matched = !!row?.matchedParticipantId;
  const [mode, setMode] = useState<ApproveMode>(() => (state.mode === 'BIND_ONLY' && !matched ? 'CREATE_NEW' : (state.mode ?? (matched ? 'BIND_ONLY' : 'CREATE_NEW'))));
  const [displayName, setDisplayName] = useState(() => state.prefill?.displayName ?? defaultDisplayName(row));
  const [note, setNote] = useState(state.prefill?.note ?? '');
  const [participantId, setParticipantId] = useState<string | null>(state.prefill?.participantId ?? null);
  const [participants, setParticipants] = useState<Load<Participant[]>>({ state: 'idle' });
  const [matchedName, setMatchedName] = useState<string | null>(null);
  const submitted = useRef(false);

  const [reload, setReload] = useState(0);
  useEffect(() => {
    if (mode !== 'ADD_TO_EXISTING') return;
    let live = true;
    setParticipants((p) => (p.state === 'ready' ? p : { state: 'loading' }));
    api.participants
      .list({ workspaceId: state.ref.workspaceId })
      .then((res) => live && setParticipants(res.ok ? { state: 'ready', value: res.value } : { state: 'error', message: res.error.message }))
      .catch(() => live && setParticipants({ state: 'error', message: 'Could not load participants.' }));
    return () => {
      live = false;
    };
  }, [mode, reload, api, state.ref.workspaceId]);

  useEffect(() => {
    if (!matched) return;
    let live = true;
    api.requests
      .get(state.ref)
      .then((res) => live && res.ok && setMatchedName(res.value.matchedParticipant?.displayName ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [matched, api, state.ref]);

  const blocked = row ? decisionBlockReason(row, workspaces.find((w) => w.id === row.workspaceId), false) : 'This request is no longer in the queue.';
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

  const modes: ApproveMode[] = matched ? ['BIND_ONLY', 'CREATE_NEW', 'ADD_TO_EXISTING'] : ['CREATE_NEW', 'ADD_TO_EXISTING'];
  return (
    <Dialog title="Approve request" onClose={() => actions.closeDialog()} wide>
      <form onSubmit={onSubmit} noValidate>
        {row ? <RequestSummary row={row} /> : null}
        {blocked ? (
          <p role="alert" className="field-error">
            {blocked}
          </p>
        ) : null}
        <fieldset className="modes">
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
          participants.state === 'ready' ? (
            <ParticipantPicker request={row} participants={participants.value} value={participantId} onChange={setParticipantId} />
          ) : participants.state === 'error' ? (
            <p role="alert" className="field-error">
              {participants.message}{' '}
              <button type="button" className="link-button" onClick={() => setReload((n) => n + 1)}>
                Try again
              </button>
            </p>
          ) : (
            <p className="muted">Loading participants…</p>
          )
        ) : null}
        <NoteField value={note} onChange={setNote} hint="Optional; kept with the request." />
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
      </form>
    </Dialog>
  );
}
