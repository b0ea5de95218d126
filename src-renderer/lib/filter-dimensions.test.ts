// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, FILTER_SETTINGS } from '../../src-shared/settings';
import { aRequest, aWorkspace, T0 } from '../../test/fakes/builders';
import { computeVisible, filterOptionsFor, filtersActive, visibleFor } from '../state/selectors';
import { FILTER_DIMENSIONS, QUALIFIERS, SELECT_DIMENSIONS, type Qualifier } from './filter-dimensions';
import { matchesQuery, parseQuery, unknownQualifiers } from './query';

const workspaces = [aWorkspace({ id: 'ws-1', label: 'Acme' }), aWorkspace({ id: 'ws-2', label: 'Beta Corp' })];
const a = aRequest({ provider: 'whatsapp', agentId: 'ag-support', agentName: 'Support Bot', integrationConfigId: 'cfg-1', connectorName: 'Main line', workspaceId: 'ws-1' });
const b = aRequest({ provider: 'sms', agentId: 'ag-sales', agentName: 'Sales Agent', integrationConfigId: 'cfg-2', connectorName: 'Ops SMS', workspaceId: 'ws-2' });
const rows = [a, b];
const ctx = { now: T0, workspaceLabel: (id: string) => workspaces.find((w) => w.id === id)?.label ?? '' };

/**
 * One row per dimension (a Record over the table's keys: a new dimension does not compile until
 * it has one): what a user types for `b`, and the option label `b` gets.
 */
const CASES: Record<Qualifier, { typed: string; label: string }> = {
  provider: { typed: 'sms', label: 'SMS' },
  agent: { typed: '"sales agent"', label: 'Sales Agent' },
  connector: { typed: 'ops', label: 'Ops SMS' },
  workspace: { typed: 'beta', label: 'Beta Corp' },
};

describe('filter dimensions: each declared once, every view derived from the table', () => {
  it('the qualifiers are the table', () => {
    expect(QUALIFIERS).toEqual(FILTER_DIMENSIONS.map((d) => d.key));
    expect(Object.keys(CASES).sort()).toEqual([...QUALIFIERS].sort());
  });

  it('every persisted filter setting is the select of exactly one dimension', () => {
    expect(SELECT_DIMENSIONS.map((d) => d.control.setting).sort()).toEqual([...FILTER_SETTINGS].sort());
  });

  it.each(SELECT_DIMENSIONS.map((d) => [d.key, d] as const))('%s: a search seen before under another choice of the select is filtered again, not taken from the recent results', (_key, d) => {
    const { setting } = d.control;
    const query = 'sender';
    const onB = visibleFor({ requests: rows, tab: 'PENDING', filters: { ...EMPTY_FILTERS, query, [setting]: [d.valueOf(b)] }, workspaces, now: T0 });
    expect(onB.rows).toEqual([b]);
    const onA = visibleFor({ requests: rows, tab: 'PENDING', filters: { ...EMPTY_FILTERS, query, [setting]: [d.valueOf(a)] }, workspaces, now: T0 });
    expect(onA.rows).toEqual([a]);
  });

  it.each(FILTER_DIMENSIONS.map((d) => [d.key, d] as const))('%s: qualifier, exclusion, option count, typo check, control', (key, d) => {
    const { typed, label } = CASES[key];
    // Search qualifier and its negation.
    const include = parseQuery(`${key}:${typed}`);
    expect(rows.filter((r) => matchesQuery(r, include, ctx))).toEqual([b]);
    expect(rows.filter((r) => matchesQuery(r, parseQuery(`-${key}:${typed}`), ctx))).toEqual([a]);
    // Counts: one option per value present in the tab, labelled.
    const options = filterOptionsFor(rows, 'PENDING', workspaces).byKey[key];
    expect(options).toContainEqual({ value: d.valueOf(b), label, count: 1 });
    expect(options).toHaveLength(2);
    // The search box flags a value nothing can match, and accepts a real one.
    const vocabulary = Object.fromEntries(QUALIFIERS.map((k) => [k, filterOptionsFor(rows, 'PENDING', workspaces).byKey[k].flatMap((o) => [o.value.toLowerCase(), o.label.toLowerCase()])]));
    expect(unknownQualifiers(`${key}:zzzz`, vocabulary as never)).toEqual([`${key}:zzzz`]);
    expect(unknownQualifiers(`${key}:${typed}`, vocabulary as never)).toEqual([]);
    // A select is persisted in the tab's filters and filters the tab by value.
    if (d.control.kind === 'select') {
      const { setting } = d.control;
      expect(EMPTY_FILTERS[setting]).toEqual([]);
      const filters = { ...EMPTY_FILTERS, [setting]: [d.valueOf(b)] };
      expect(filtersActive(filters)).toBe(true);
      expect(computeVisible({ requests: rows, tab: 'PENDING', filters, workspaces, now: T0 }).rows).toEqual([b]);
    } else {
      // Chips are the query: selecting one is the qualifier above.
      expect(filtersActive({ ...EMPTY_FILTERS, query: `${key}:${typed}` })).toBe(true);
    }
  });
});
