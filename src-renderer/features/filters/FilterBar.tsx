import { useMemo } from 'react';
import { PENDING_SORTS, type PendingSort } from '../../../src-shared/settings';
import { useActions } from '../../actions/context';
import { FILTER_DIMENSIONS } from '../../lib/filter-dimensions';
import { parseQuery, providersSelected } from '../../lib/query';
import { formatAge } from '../../lib/time';
import { useClockStore } from '../../state/clock';
import { useFiltersStore } from '../../state/filters';
import { useQueueStore } from '../../state/queue';
import { filterOptionsFor, pendingStatsFor, type Option } from '../../state/selectors';
import { useSettingsStore } from '../../state/settings';
import { useViewStore } from '../../state/view';
import { useVisible } from '../queue/useVisible';
import { SearchBox } from './SearchBox';

function FilterSelect({ label, allLabel, options, value, onChange }: { label: string; allLabel: string; options: Option[]; value: string; onChange: (v: string) => void }) {
  return (
    <label className="filter-select">
      <span className="visually-hidden">{label}</span>
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label} ({o.count})
          </option>
        ))}
      </select>
    </label>
  );
}

const SORT_LABELS: Record<PendingSort, string> = { oldest: 'Oldest first', newest: 'Newest first', agent: 'By agent' };

/** "Oldest waiting 2 d · 18 over 4 h": the Pending tab's workload against the red threshold. */
function Workload() {
  const requests = useQueueStore((s) => s.requests);
  const now = useClockStore((s) => s.now);
  const amber = useSettingsStore((s) => s.settings.ageAmberMinutes);
  const red = useSettingsStore((s) => s.settings.ageRedMinutes);
  const stats = useMemo(() => pendingStatsFor(requests, now, amber, red), [requests, now, amber, red]);
  if (stats.oldestAt === null) return null;
  const redText = red % 60 === 0 ? `${red / 60} h` : `${red} min`;
  return (
    <span className="workload">
      <span>
        Oldest waiting <strong>{formatAge(stats.oldestAt, now)}</strong>
      </span>
      <span className={stats.overRed > 0 ? 'workload-over' : 'muted'}>
        {stats.overRed} over {redText}
      </span>
    </span>
  );
}

/** Search, provider chips, agent/connector/workspace selects, the Pending order, "n of m shown" and Clear filters, per tab. */
export function FilterBar() {
  const actions = useActions();
  const tab = useViewStore((s) => s.tab);
  const requests = useQueueStore((s) => s.requests);
  const workspaces = useQueueStore((s) => s.workspaces);
  const filters = useFiltersStore((s) => s.byTab[tab]);
  const setFilters = useFiltersStore((s) => s.setFilters);
  const vis = useVisible();
  const options = useMemo(() => filterOptionsFor(requests, tab, workspaces), [requests, tab, workspaces]);

  // Keep a chosen filter visible even when its rows are gone, so it can be turned off.
  const withSelected = (opts: Option[], chosen: string[], label: (v: string) => string) => [
    ...opts,
    ...chosen.filter((v) => !opts.some((o) => o.value === v)).map((v) => ({ value: v, label: label(v), count: 0 })),
  ];
  const sort = useSettingsStore((s) => s.settings.pendingSort);

  return (
    <div className="filter-bar" role="search" aria-label="Filters">
      <SearchBox tab={tab} />
      {FILTER_DIMENSIONS.map((d) => {
        const opts = options.byKey[d.key];
        if (d.control.kind === 'chips') {
          // Chips are a view of the query's qualifiers (one state), not a second filter.
          const chipOn = providersSelected(parseQuery(filters.query), opts.map((p) => p.value));
          return (
            <fieldset key={d.key} className="chips">
              <legend className="visually-hidden">{d.label}</legend>
              {opts.map((p) => (
                <label key={p.value} className={chipOn.has(p.value) ? 'chip chip-on' : 'chip'}>
                  <input type="checkbox" checked={chipOn.has(p.value)} onChange={() => actions.toggleProviderFilter(p.value)} />
                  <span>{p.label}</span> <span className="chip-count">{p.count}</span>
                </label>
              ))}
            </fieldset>
          );
        }
        const { setting, allLabel } = d.control;
        const chosen = filters[setting];
        if ('shown' in d.control && !d.control.shown(workspaces.length) && chosen.length === 0) return null;
        return (
          <FilterSelect
            key={d.key}
            label={d.label}
            allLabel={allLabel}
            options={withSelected(opts, chosen, (v) => v)}
            value={chosen[0] ?? ''}
            onChange={(v) => setFilters(tab, { [setting]: v ? [v] : [] })}
          />
        );
      })}
      {tab === 'PENDING' ? (
        <label className="filter-select">
          <span className="visually-hidden">Order</span>
          <select aria-label="Order" value={sort} onChange={(e) => actions.setPendingSort(e.target.value as PendingSort)}>
            {PENDING_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {tab === 'PENDING' ? <Workload /> : null}
      <span className={vis.filtersActive ? 'shown-count shown-count-filtered' : 'shown-count'}>
        {vis.rows.length} of {vis.tabTotal}
        <span className="label-long"> shown{vis.filtersActive ? ', filters active' : ''}</span>
      </span>
      {vis.filtersActive ? (
        <button type="button" className="btn btn-quiet" onClick={() => actions.clearFilters()}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
