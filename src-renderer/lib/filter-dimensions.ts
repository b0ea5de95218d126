/**
 * The filter dimensions, each declared once (issue 11, item 4): its search qualifier and what it
 * matches, its control (provider chips, or a select persisted in the tab's filters), its option
 * label and count, the extra words the search box accepts for it, and its palette entries. The
 * query language (query.ts), the counts and the select filtering (state/selectors.ts), the filter
 * bar, the search box's typo check and the palette all read this table; adding a dimension means
 * one entry here and its row in filter-dimensions.test.ts (a persisted select also names its field
 * in src-shared/settings.ts `FILTER_SETTINGS`, which builds the type, the empty value and the schema).
 *
 * `age:` is not a dimension: it is a range on `createdAt`, parsed by query.ts, with no options.
 */
import { KNOWN_PROVIDERS, type RequestView } from '../../src-shared/domain';
import type { FilterSetting, TabFilters } from '../../src-shared/settings';
import { providerLabel } from './providers';

export interface DimensionContext {
  /** Workspace label by id. */
  workspaceLabel: (id: string) => string;
}


export interface FilterDimension<K extends string = string> {
  /** The search qualifier (`agent:"Support bot"`); also the dimension's id. */
  key: K;
  /** The select's accessible label, or the chips' legend. */
  label: string;
  /** Provider chips edit the query; the others are selects persisted in `setting`. */
  control: { kind: 'chips' } | { kind: 'select'; setting: FilterSetting; allLabel: string; shown?: (workspaceCount: number) => boolean };
  /** The value a row has in this dimension (option value, select match). */
  valueOf(r: RequestView): string;
  /**
   * The option's label for a row (chips, selects, palette). With several workspaces, options that
   * would read alike across them get " · <workspace>" added (state/selectors.ts filterOptionsFor).
   */
  optionLabel(r: RequestView, ctx: DimensionContext): string;
  /** The label comes from the context and changes without the rows (workspace labels): read per call, not counted. */
  liveLabel?: boolean;
  /** Texts a qualifier value is matched against (folded by the caller). */
  searchValues(r: RequestView, ctx: DimensionContext): string[];
  /** Closed vocabularies match a prefix (`provider:whats`); names match a substring. */
  prefix: boolean;
  /** Words the search box accepts for this qualifier beyond the rows at hand. */
  extraVocabulary?(workspaces: readonly { id: string; label: string }[]): string[];
  /** Palette entries for an option; absent: the dimension has none. */
  palette?: {
    option(label: string, on: boolean): string;
    /** An entry that clears the dimension ("Show all workspaces"). */
    all?: string;
    when?: (workspaceCount: number) => boolean;
    /** The values offered (default: the tab's options). */
    values?: (workspaces: readonly { id: string; label: string }[]) => Array<{ value: string; label: string }>;
  };
}

export const FILTER_DIMENSIONS = [
  {
    key: 'provider',
    label: 'Providers',
    control: { kind: 'chips' },
    valueOf: (r) => r.provider,
    optionLabel: (r) => providerLabel(r.provider),
    searchValues: (r) => [r.provider, providerLabel(r.provider)],
    prefix: true,
    extraVocabulary: () => [...KNOWN_PROVIDERS],
    palette: { option: (label, on) => (on ? `Remove filter: ${label}` : `Filter by provider: ${label}`) },
  },
  {
    key: 'agent',
    label: 'Agent',
    control: { kind: 'select', setting: 'agentIds', allLabel: 'All agents' },
    valueOf: (r) => r.agentId,
    optionLabel: (r) => r.agentName || r.agentId,
    searchValues: (r) => [r.agentName, r.agentId],
    prefix: false,
  },
  {
    key: 'connector',
    label: 'Connector',
    control: { kind: 'select', setting: 'connectorIds', allLabel: 'All connectors' },
    valueOf: (r) => r.integrationConfigId ?? '',
    optionLabel: (r) => r.connectorName || r.integrationConfigId || 'Unknown connector',
    searchValues: (r) => [r.connectorName, r.integrationConfigId ?? ''],
    prefix: false,
  },
  {
    key: 'workspace',
    label: 'Workspace',
    control: { kind: 'select', setting: 'workspaceIds', allLabel: 'All workspaces', shown: (n) => n > 1 },
    valueOf: (r) => r.workspaceId,
    optionLabel: (r, ctx) => ctx.workspaceLabel(r.workspaceId) || r.workspaceId,
    liveLabel: true,
    searchValues: (r, ctx) => [ctx.workspaceLabel(r.workspaceId), r.workspaceId],
    prefix: false,
    extraVocabulary: (workspaces) => workspaces.flatMap((w) => [w.label, w.id]),
    // Every workspace is offered, with or without rows on this tab.
    palette: { option: (label) => `Switch to workspace: ${label}`, all: 'Show all workspaces', when: (n) => n > 1, values: (workspaces) => workspaces.map((w) => ({ value: w.id, label: w.label })) },
  },
] as const satisfies readonly FilterDimension[];

export type Qualifier = (typeof FILTER_DIMENSIONS)[number]['key'];

export const QUALIFIERS: readonly Qualifier[] = FILTER_DIMENSIONS.map((d) => d.key);

export const DIMENSION_BY_KEY = Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d.key, d])) as unknown as Record<Qualifier, FilterDimension<Qualifier>>;

/** The dimensions with a persisted select, and their TabFilters field. */
export const SELECT_DIMENSIONS: ReadonlyArray<FilterDimension<Qualifier> & { control: { kind: 'select'; setting: FilterSetting } }> = FILTER_DIMENSIONS.flatMap((d) =>
  d.control.kind === 'select' ? [d as FilterDimension<Qualifier> & { control: { kind: 'select'; setting: FilterSetting; allLabel: string } }] : [],
);

/** Whether any filter of a tab is on: a select, a legacy provider chip or the search text. */
export function filtersActive(f: TabFilters): boolean {
  return f.providers.length > 0 || f.query.trim() !== '' || SELECT_DIMENSIONS.some((d) => f[d.control.setting].length > 0);
}
