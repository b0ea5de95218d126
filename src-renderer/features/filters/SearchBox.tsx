import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { QueueTab } from '../../../src-shared/domain';
import { parseQuery } from '../../lib/query';
import { useFiltersStore } from '../../state/filters';
import { useQueueStore } from '../../state/queue';
import { prepareSearch } from '../../state/selectors';
import { useViewStore } from '../../state/view';

/**
 * Free-text search with qualifiers (provider:, -provider:, agent:, connector:, workspace:, age:>1h).
 * Every keystroke filters at once (no debounce): a scan of 100,000 prepared search texts fits in
 * a frame, and typing on only narrows the last result. The texts are prepared when the box gets
 * focus, before the first keystroke.
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

  const invalid = parseQuery(text).invalid;
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
        onFocus={() => void setTimeout(() => prepareSearch(useQueueStore.getState().requests, tab), 0)}
        onBlur={() => commit(text)}
        onKeyDown={onKeyDown}
      />
      <span id="search-help" className={invalid.length > 0 ? 'search-hint hint-error' : 'visually-hidden'}>
        {invalid.length > 0
          ? `Not understood: ${invalid.join(', ')} (try age:>1h or age:<30m)`
          : 'Searches name, address, conversation and note. Qualifiers: provider:, -provider:, agent:, connector:, workspace:, age:>1h, age:<30m.'}
      </span>
    </div>
  );
}
