import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { QueueTab } from '../../../src-shared/domain';
import { FILTER_DIMENSIONS } from '../../lib/filter-dimensions';
import { parseQuery, unknownQualifiers, type QualifierVocabulary } from '../../lib/query';
import { foldForSearch } from '../../lib/text';
import { useFiltersStore } from '../../state/filters';
import { useQueueStore } from '../../state/queue';
import { useSettingsStore } from '../../state/settings';
import { filterOptionsFor, prepareSearch, type Option } from '../../state/selectors';
import { useViewStore } from '../../state/view';

/** Runs `run` when the page is idle (soon in any case), with whether that idle period has time left; returns a cancel. */
function whenIdle(run: (hasTime: () => boolean) => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback((deadline) => run(() => deadline.timeRemaining() > 1), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(() => run(() => false), 0);
  return () => clearTimeout(id);
}

/** Runs `step` in idle periods until it says it is done (each call does what the period has time for); returns a cancel. */
function inIdleSlices(step: (hasTime: () => boolean) => boolean): () => void {
  let cancel = whenIdle(function slice(hasTime) {
    if (!step(hasTime)) cancel = whenIdle(slice);
  });
  return () => cancel();
}

// A qualifier matches an option's own name, not the workspace added to tell it from a look-alike.
const folded = (options: Option[]) => options.flatMap((o) => [foldForSearch(o.value), foldForSearch(o.plainLabel ?? o.label)]);

/** What each qualifier can match in this tab (ids and names), to flag a value that matches nothing. */
function useVocabulary(tab: QueueTab): QualifierVocabulary {
  const requests = useQueueStore((s) => s.requests);
  const workspaces = useQueueStore((s) => s.workspaces);
  return useMemo(() => {
    const o = filterOptionsFor(requests, tab, workspaces).byKey;
    return Object.fromEntries(
      FILTER_DIMENSIONS.map((d) => [d.key, [...folded(o[d.key]), ...('extraVocabulary' in d ? d.extraVocabulary(workspaces).map(foldForSearch) : [])]]),
    ) as unknown as QualifierVocabulary;
  }, [requests, tab, workspaces]);
}

/**
 * Free-text search with qualifiers (provider:, -provider:, agent:, connector:, workspace:, age:>1h).
 * Every keystroke filters at once (no debounce): the first character is answered by the character
 * index, and typing on only narrows the last result. The texts and their character index are
 * prepared in idle time after each snapshot, before the first keystroke.
 */
export function SearchBox({ tab }: { tab: QueueTab }) {
  const stored = useFiltersStore((s) => s.byTab[tab].query);
  const focusToken = useViewStore((s) => s.searchFocusToken);
  const [text, setText] = useState(stored);
  const inputRef = useRef<HTMLInputElement>(null);

  // Follow the store when it changes from elsewhere (tab switch, Clear filters, restore).
  useEffect(() => setText(stored), [stored]);
  useEffect(() => {
    if (focusToken > 0) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [focusToken]);

  const commit = (value: string) => {
    if (value !== useFiltersStore.getState().byTab[tab].query) useFiltersStore.getState().setFilters(tab, { query: value });
  };
  const onChange = (value: string) => {
    setText(value);
    commit(value);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      commit(text);
      useViewStore.getState().focusRow();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      if (text !== '') {
        setText('');
        commit('');
      } else {
        inputRef.current?.blur();
        useViewStore.getState().focusRow();
      }
    }
  };

  // The search texts and their character index are built per snapshot and tab, off the keystroke:
  // after each new snapshot, in idle time and in slices (a keystroke typed meanwhile waits for one
  // slice at most), so that the first keystroke finds them ready. Built only when the box first
  // got focus, they were still being built when the operator started typing (a few hundred
  // milliseconds at 100,000 rows), and the first keystrokes scanned every text.
  const requests = useQueueStore((s) => s.requests);
  const sort = useSettingsStore((s) => s.settings.pendingSort);
  useEffect(() => inIdleSlices((hasTime) => prepareSearch(requests, tab, sort, hasTime)), [requests, tab, sort]);

  const vocabulary = useVocabulary(tab);
  const badAge = parseQuery(text).invalid;
  const unknown = unknownQualifiers(text, vocabulary);
  const invalid = [...badAge, ...unknown];
  const problem = [
    badAge.length > 0 ? `Not understood: ${badAge.join(', ')} (try age:>1h or age:<30m).` : '',
    unknown.length > 0 ? `Nothing here matches ${unknown.join(', ')} – check the spelling.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="search">
      <input
        ref={inputRef}
        type="search"
        role="searchbox"
        aria-label="Search requests"
        aria-describedby="search-help"
        placeholder="Search  (/)   provider:whatsapp  agent:…  age:>1h"
        value={text}
        maxLength={500}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={onKeyDown}
      />
      <span id="search-help" className={invalid.length > 0 ? 'search-hint hint-error' : 'visually-hidden'}>
        {invalid.length > 0
          ? problem
          : 'Searches name, address, conversation and note. Qualifiers: provider:, -provider:, agent:, connector:, workspace:, age:>1h, age:<30m.'}
      </span>
    </div>
  );
}
