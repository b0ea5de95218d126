import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useActions } from '../../actions/context';
import { Dialog } from '../../ui/Dialog';
import { paletteItems } from './commands';

/** Ctrl/Cmd+K: jump to a request by name or address, switch tab or workspace, filter, run actions. */
export function CommandPalette() {
  const actions = useActions();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const items = useMemo(() => paletteItems(actions, query), [actions, query]);
  const current = items[Math.min(active, items.length - 1)];

  const run = (index: number) => {
    const item = items[index];
    if (!item) return;
    actions.closeDialog();
    item.run();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(items.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(Math.min(active, items.length - 1));
    } else if (e.key === 'Home' || e.key === 'End') {
      if (query === '') {
        e.preventDefault();
        setActive(e.key === 'Home' ? 0 : items.length - 1);
      }
    }
  };

  return (
    <Dialog title="Command palette" onClose={() => actions.closeDialog()} hideTitle>
      <input
        type="text"
        role="combobox"
        aria-label="Command or request"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${id}-${current.id}` : undefined}
        className="palette-input"
        placeholder="Type a command, a name or an address…"
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Results" className="listbox palette-list">
        {items.map((item, i) => (
          <li
            key={item.id}
            id={`${id}-${item.id}`}
            role="option"
            aria-selected={i === Math.min(active, items.length - 1)}
            className={`option${i === active ? ' option-active' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => setActive(i)}
            onClick={() => run(i)}
          >
            <span className="option-kind" aria-hidden="true">
              {item.kind === 'request' ? '→' : '›'}
            </span>
            <bdi dir="auto" className="option-name">{item.label}</bdi>
            {item.hint ? <span className="option-hint">{item.hint}</span> : null}
          </li>
        ))}
      </ul>
      {items.length === 0 ? <p className="muted">Nothing matches “{query}”.</p> : null}
    </Dialog>
  );
}
