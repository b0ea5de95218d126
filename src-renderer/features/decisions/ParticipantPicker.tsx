import { useEffect, useId, useLayoutEffect, useMemo, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import type { Participant, RequestView } from '../../../src-shared/domain';
import { rankParticipants } from '../../../src-shared/participant-rank';
import { providerLabel } from '../../lib/providers';
import { collator, foldForSearch, toDisplayText } from '../../lib/text';
import { useQueueStore } from '../../state/queue';
import { UserText } from '../../ui/UserText';

const MAX_SUGGESTIONS = 5;
const MAX_LISTED = 50;
/** Channels named on an option (the rest are counted): enough to tell two people of one name apart. */
const CHANNELS_SHOWN = 2;

interface Choice {
  participant: Participant;
  why: string | null;
  group: 'suggested' | 'all';
}

function searchText(p: Participant): string {
  return foldForSearch([p.displayName, p.email ?? '', ...p.channels.map((c) => c.address)].join(' '));
}

/** Suggestions first (ranked, with the reason), then everyone else by name; both narrowed by the query. */
export function choicesFor(request: RequestView, participants: readonly Participant[], query: string): { choices: Choice[]; hidden: number } {
  const q = foldForSearch(query.trim());
  const matches = (p: Participant) => q === '' || searchText(p).includes(q);
  const ranked = rankParticipants(request, participants, MAX_SUGGESTIONS).filter((r) => matches(r.participant));
  const suggestedIds = new Set(ranked.map((r) => r.participant.id));
  const rest = participants
    .filter((p) => !suggestedIds.has(p.id) && matches(p))
    .sort((a, b) => collator.compare(a.displayName, b.displayName) || (a.id < b.id ? -1 : 1));
  const choices: Choice[] = [
    ...ranked.map((r) => ({ participant: r.participant, why: r.reasons.join(', '), group: 'suggested' as const })),
    ...rest.slice(0, MAX_LISTED).map((p) => ({ participant: p, why: null, group: 'all' as const })),
  ];
  return { choices, hidden: Math.max(0, rest.length - MAX_LISTED) };
}

/**
 * What tells a participant from another of the same name: their email and channels ("SMS
 * +4915148085510 · Teams 29:1xfe… · 1 more"). Two "Ngozi Okafor" options that showed only the
 * name and a channel count looked the same, and Enter picked one of them blind.
 */
function Identifying({ p, providerOf }: { p: Participant; providerOf: ReadonlyMap<string, string> }) {
  const shown = p.channels.slice(0, CHANNELS_SHOWN);
  // A channel without a label is named by its connector's provider, as the queue's requests on that connector show it.
  const labelOf = (c: Participant['channels'][number]) => {
    if (c.label) return toDisplayText(c.label);
    const provider = c.integrationConfigId === null ? undefined : providerOf.get(c.integrationConfigId);
    return provider === undefined ? '' : providerLabel(provider);
  };
  const more = p.channels.length - shown.length;
  const parts: ReactNode[] = [];
  if (p.email) parts.push(<bdi key="email">{toDisplayText(p.email)}</bdi>);
  shown.forEach((c, i) =>
    parts.push(
      <span key={`c${i}`}>
        {labelOf(c) ? `${labelOf(c)} ` : ''}
        <bdi dir="ltr">{toDisplayText(c.address)}</bdi>
      </span>,
    ),
  );
  if (more > 0) parts.push(<span key="more">{more} more</span>);
  if (parts.length === 0) return <>no email or channel</>;
  return <>{parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))}</>;
}

export type PickerLoad<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

export interface ParticipantPickerProps {
  request: RequestView;
  load: PickerLoad<readonly Participant[]>;
  value: string | null;
  onChange: (id: string) => void;
  onRetry: () => void;
  /** Enter on the participant already chosen: confirm the dialog. */
  onConfirm: () => void;
  inputRef?: Ref<HTMLInputElement>;
}

const NONE: readonly Participant[] = [];

/**
 * Combobox + listbox for ADD_TO_EXISTING: type to narrow, arrows to move, Enter picks the
 * highlighted person, Enter again (on the person picked) confirms. The top suggestion, or the top
 * match of a typed name, is highlighted; with neither, nobody is (Enter on an untouched list of
 * everyone picked whoever sorted first, a stranger to the sender, in four keys). The search is there from the
 * first moment, even while the list loads, so typing never lands anywhere else. The list
 * scrolls inside a bounded box: the confirm button below it stays in view.
 */
export function ParticipantPicker({ request, load, value, onChange, onRetry, onConfirm, inputRef }: ParticipantPickerProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  // The highlighted option once the arrows chose one; null: the default (see above).
  const [active, setActive] = useState<number | null>(null);
  // Enter pressed with nobody highlighted: said where the choice is said.
  const [nobody, setNobody] = useState(false);
  const participants = load.state === 'ready' ? load.value : NONE;
  const requests = useQueueStore((s) => s.requests);
  const providerOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of requests) if (r.integrationConfigId !== null && r.workspaceId === request.workspaceId && !m.has(r.integrationConfigId)) m.set(r.integrationConfigId, r.provider);
    return m;
  }, [requests, request.workspaceId]);
  const { choices, hidden } = useMemo(() => choicesFor(request, participants, query), [request, participants, query]);
  // The person already chosen (a retry's prefill, an earlier pick) stays highlighted, so Enter confirms them.
  const chosenAt = value === null ? -1 : choices.findIndex((c) => c.participant.id === value);
  const byDefault = chosenAt >= 0 && query.trim() === '' ? chosenAt : query.trim() !== '' || choices.some((c) => c.group === 'suggested') ? 0 : -1;
  const activeIndex = Math.min(active ?? byDefault, choices.length - 1);
  const activeChoice = activeIndex >= 0 ? choices[activeIndex] : undefined;
  const optionId = (pid: string) => `${id}-opt-${pid}`;
  const chosen = participants.find((p) => p.id === value) ?? null;
  const loading = load.state === 'loading' || load.state === 'idle';
  // An Enter pressed while the list loads is kept, not lost (at keyboard speed the name is typed
  // and Enter pressed before the list arrives): it picks the top match once the list is here.
  // It never confirms: only Enter on a person already shown as picked approves. A layout effect,
  // so the pick is rendered before the next key is handled (a passive effect could run after it,
  // and that Enter would pick instead of confirming).
  const [pickOnArrival, setPickOnArrival] = useState(false);
  useLayoutEffect(() => {
    if (!pickOnArrival || loading) return;
    setPickOnArrival(false);
    if (activeChoice && activeChoice.participant.id !== value) onChange(activeChoice.participant.id);
    // Nobody to pick (no suggestion, nothing typed): said, not dropped without a word.
    else if (!activeChoice && choices.length > 0) setNobody(true);
  }, [pickOnArrival, loading]);

  // Keep the highlighted option in view inside the scrolling list.
  useEffect(() => {
    if (!activeChoice) return;
    document.getElementById(optionId(activeChoice.participant.id))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeChoice?.participant.id]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      setActive(Math.max(0, Math.min(choices.length - 1, activeIndex + delta)));
      setNobody(false);
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      // Never the form's implicit submit: Enter picks first, and confirms only what was picked.
      e.preventDefault();
      if (!activeChoice) {
        if (loading) setPickOnArrival(true);
        // (With no option shown, the list's own line says why: nothing matches, or it failed to load.)
        else if (choices.length > 0) setNobody(true);
        return;
      }
      if (activeChoice.participant.id === value) onConfirm();
      else onChange(activeChoice.participant.id);
    }
  };

  const renderOption = (c: Choice, i: number) => (
    <div
      key={c.participant.id}
      id={optionId(c.participant.id)}
      role="option"
      tabIndex={-1}
      aria-selected={c.participant.id === value}
      className={`option${i === activeIndex ? ' option-active' : ''}${c.participant.id === value ? ' option-chosen' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        setActive(i);
        setNobody(false);
        onChange(c.participant.id);
      }}
    >
      <span className="option-name">
        <UserText text={c.participant.displayName} empty="(no name)" max={80} />
      </span>
      <span className="option-sub">
        <Identifying p={c.participant} providerOf={providerOf} />
      </span>
      {c.why ? <span className="option-why">{c.why}</span> : null}
    </div>
  );

  const suggested = choices.filter((c) => c.group === 'suggested');
  const all = choices.filter((c) => c.group === 'all');
  return (
    <div className="picker">
      <label htmlFor={`${id}-input`}>Find participant</label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-describedby={`${id}-chosen`}
        aria-activedescendant={activeChoice ? optionId(activeChoice.participant.id) : undefined}
        value={query}
        autoComplete="off"
        spellCheck={false}
        placeholder="Name, email or address – Enter picks, Enter again approves"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(null);
          setNobody(false);
        }}
        onKeyDown={onKeyDown}
      />
      {/* Groups carry their names for screen readers; the visible headings are decoration. */}
      <div id={`${id}-list`} role="listbox" aria-label="Participants" aria-busy={load.state !== 'ready'} className="listbox listbox-bounded">
        {suggested.length > 0 ? (
          <div role="group" aria-label="Suggested">
            <div className="option-group" aria-hidden="true">
              Suggested
            </div>
            {suggested.map((c, i) => renderOption(c, i))}
          </div>
        ) : null}
        {all.length > 0 ? (
          <div role="group" aria-label={suggested.length > 0 ? 'Everyone else' : 'Participants'}>
            <div className="option-group" aria-hidden="true">
              {suggested.length > 0 ? 'Everyone else' : 'Participants'}
            </div>
            {all.map((c, i) => renderOption(c, suggested.length + i))}
          </div>
        ) : null}
      </div>
      {load.state === 'ready' && choices.length === 0 ? <p className="muted list-note">No participant matches “{query}”.</p> : null}
      {loading ? <p className="muted list-note">Loading participants…</p> : null}
      {hidden > 0 ? <p className="muted list-note">{hidden} more – type to narrow the list.</p> : null}
      {load.state === 'error' ? (
        <p role="alert" className="field-error">
          {load.message}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </p>
      ) : null}
      <p id={`${id}-chosen`} className="picker-chosen" aria-live="polite">
        {nobody ? 'Nobody is highlighted: type a name, email or address, or use the arrow keys. ' : null}
        {chosen ? (
          <>
            Selected: <UserText text={chosen.displayName} empty="(no name)" max={80} /> (<Identifying p={chosen} providerOf={providerOf} />)
          </>
        ) : nobody ? null : (
          'No participant chosen yet.'
        )}
      </p>
    </div>
  );
}
