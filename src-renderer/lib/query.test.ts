// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { aRequest, T0 } from '../../test/fakes/builders';
import { isEmptyQuery, matchesQuery, narrows, parseQuery, providersSelected, searchTextFor, unknownQualifiers, withProvider } from './query';

const ctx = { now: T0, workspaceLabel: (id: string) => (id === 'ws-1' ? 'Acme Support' : 'Beta') };

describe('parseQuery', () => {
  it.each([
    ['', { terms: [], excludedTerms: [] }],
    ['ana', { terms: ['ana'] }],
    ['  José   Müller ', { terms: ['jose', 'muller'] }],
    ['"exact phrase" -spam', { terms: ['exact phrase'], excludedTerms: ['spam'] }],
    ['provider:whatsapp', { include: { provider: ['whatsapp'] } }],
    ['-provider:sms', { exclude: { provider: ['sms'] } }],
    ['Provider:SMS', { include: { provider: ['sms'] } }],
    ['agent:"Support Bot" connector:ops', { include: { agent: ['support bot'], connector: ['ops'] } }],
    ['workspace:acme', { include: { workspace: ['acme'] } }],
    ['agent:', { terms: [] }],
    ['http://x.example', { terms: ['http://x.example'] }],
  ])('%j', (input, expected) => {
    const q = parseQuery(input);
    if ('terms' in expected) expect(q.terms).toEqual(expected.terms);
    if ('excludedTerms' in expected) expect(q.excludedTerms).toEqual(expected.excludedTerms);
    if ('include' in expected) for (const [k, v] of Object.entries(expected.include!)) expect(q.include[k as 'provider']).toEqual(v);
    if ('exclude' in expected) for (const [k, v] of Object.entries(expected.exclude!)) expect(q.exclude[k as 'provider']).toEqual(v);
  });

  it.each([
    ['age:>1h', { op: '>', ms: 3_600_000 }],
    ['age:<30m', { op: '<', ms: 1_800_000 }],
    ['age:>=2d', { op: '>', ms: 2 * 86_400_000 }],
    ['age:90s', { op: '>', ms: 90_000 }],
    ['age:<15', { op: '<', ms: 900_000 }],
  ])('age qualifier %s', (input, expected) => {
    expect(parseQuery(input).age).toEqual([expected]);
  });

  it('reports age qualifiers it cannot read and ignores them', () => {
    const q = parseQuery('age:>soon ana');
    expect(q.age).toEqual([]);
    expect(q.invalid).toEqual(['age:>soon']);
    expect(q.terms).toEqual(['ana']);
  });

  it('isEmptyQuery', () => {
    expect(isEmptyQuery(parseQuery('  '))).toBe(true);
    expect(isEmptyQuery(parseQuery('agent:'))).toBe(true);
    expect(isEmptyQuery(parseQuery('-provider:sms'))).toBe(false);
  });
});

describe('matchesQuery', () => {
  const wa = aRequest({ provider: 'whatsapp', displayName: 'José Müller', address: '+1 555 010 0200', conversationName: 'Refund thread', processingNote: null, createdAt: T0 - 2 * 3_600_000 });
  const sms = aRequest({ provider: 'sms', displayName: 'Zoë', address: '+15550100201', agentName: 'Sales Agent', connectorName: 'Ops SMS', createdAt: T0 - 10 * 60_000 });
  const m = (query: string, r = wa) => matchesQuery(r, parseQuery(query), ctx);

  it('free text is case- and accent-insensitive over name, address, conversation and note', () => {
    expect(m('jose muller')).toBe(true);
    expect(m('JOSÉ')).toBe(true);
    expect(m('refund')).toBe(true);
    expect(m('5550100200')).toBe(true); // phone digits without spaces
    expect(m('zoe', sms)).toBe(true);
    expect(m('nobody')).toBe(false);
    expect(m('jose -refund')).toBe(false);
  });

  it('provider: and -provider: by id or label prefix', () => {
    expect(m('provider:whatsapp')).toBe(true);
    expect(m('provider:whats')).toBe(true);
    expect(m('provider:sms')).toBe(false);
    expect(m('provider:sms provider:whatsapp')).toBe(true); // OR within a qualifier
    expect(m('-provider:sms', sms)).toBe(false);
    expect(m('-provider:sms', wa)).toBe(true);
  });

  it('agent:, connector:, workspace: match names (substring) or ids', () => {
    expect(m('agent:support')).toBe(true);
    expect(m('agent:sales', sms)).toBe(true);
    expect(m('agent:sales')).toBe(false);
    expect(m('agent:agent-support')).toBe(true);
    expect(m('connector:ops', sms)).toBe(true);
    expect(m('workspace:acme')).toBe(true);
    expect(m('workspace:beta')).toBe(false);
  });

  it('age:>1h and age:<30m compare against createdAt; unknown times never match an age filter', () => {
    expect(m('age:>1h', wa)).toBe(true);
    expect(m('age:>1h', sms)).toBe(false);
    expect(m('age:<30m', sms)).toBe(true);
    expect(m('age:<30m', wa)).toBe(false);
    expect(m('age:>1m', aRequest({ createdAt: null }))).toBe(false);
  });
});

describe('searchTextFor', () => {
  it('reuses folding for unchanged rows in a new snapshot, and never serves stale text for a changed row', () => {
    const a = aRequest({ id: 'same', displayName: 'Élodie' });
    expect(searchTextFor(a)).toContain('elodie');
    expect(searchTextFor({ ...a })).toBe(searchTextFor(a));
    const renamed = { ...a, displayName: 'Zoë' };
    expect(searchTextFor(renamed)).toContain('zoe');
    expect(searchTextFor(renamed)).not.toContain('elodie');
  });
});

describe('qualifier values that match nothing', () => {
  const vocabulary = { provider: ['whatsapp', 'sms', 'slack'], agent: ['ag-1', 'support bot'], connector: ['cfg-1', 'main line'], workspace: ['ws-1', 'acme support'] };
  it.each([
    ['provider:whatsap', []],
    ['provider:whatsup', ['provider:whatsup']],
    ['-provider:fax', ['-provider:fax']],
    ['agent:support agent:"Nobody Here"', ['agent:"Nobody Here"']],
    ['connector:main workspace:beta', ['workspace:beta']],
    ['agent: age:>1x plain words', []],
  ])('%s', (input, flagged) => {
    expect(unknownQualifiers(input, vocabulary)).toEqual(flagged);
  });
});

describe('provider chips are the query', () => {
  it('a chip is on when a provider: qualifier selects it (prefix, id or label), never for an exclusion', () => {
    expect([...providersSelected(parseQuery('provider:whats'), ['whatsapp', 'sms'])]).toEqual(['whatsapp']);
    expect([...providersSelected(parseQuery('provider:WhatsApp provider:sms'), ['whatsapp', 'sms'])]).toEqual(['whatsapp', 'sms']);
    expect([...providersSelected(parseQuery('-provider:sms'), ['whatsapp', 'sms'])]).toEqual([]);
  });

  it('switching a chip on appends provider:<id>; off removes every token that selects it and keeps the rest', () => {
    expect(withProvider('', 'sms', true)).toBe('provider:sms');
    expect(withProvider('ana age:>1h', 'sms', true)).toBe('ana age:>1h provider:sms');
    expect(withProvider('provider:sm', 'sms', true)).toBe('provider:sm');
    expect(withProvider('ana provider:whats "x y" provider:sms', 'whatsapp', false)).toBe('ana "x y" provider:sms');
    expect(withProvider('-provider:sms provider:sms', 'sms', false)).toBe('-provider:sms');
    expect(withProvider('a', 'my provider', true)).toBe('a provider:"my provider"');
  });
});

describe('the edges of the search language', () => {
  it.each([
    ['a lone dash is a word, at the end or before a space', 'ana - -', { terms: ['ana', '-', '-'] }, false],
    ['an unclosed quote runs to the end', 'agent:"Support Bo', { include: { agent: ['support bo'] } }, false],
    ['a quoted blank value is no filter', 'agent:"   " -connector:" "', { include: { agent: [] }, exclude: { connector: [] } }, true],
  ] as const)('%s', (_name, input, expected, empty) => {
    const q = parseQuery(input);
    if ('terms' in expected) expect(q.terms).toEqual(expected.terms);
    if ('include' in expected) for (const [k, v] of Object.entries(expected.include)) expect(q.include[k as 'agent']).toEqual(v);
    if ('exclude' in expected) for (const [k, v] of Object.entries(expected.exclude)) expect(q.exclude[k as 'connector']).toEqual(v);
    expect(isEmptyQuery(q)).toBe(empty);
  });

  it('age: with no value is incomplete, not an error; <= and >= read as < and >', () => {
    expect(parseQuery('age:')).toMatchObject({ age: [], invalid: [] });
    expect(parseQuery('age:<=30m').age).toEqual([{ op: '<', ms: 1_800_000 }]);
    expect(parseQuery('-age:>1h')).toMatchObject({ age: [], invalid: ['-age:>1h'] });
  });

  it('an age exactly at the bound is neither older nor newer; a row dated 0 or never never matches an age filter, and matches when there is none', () => {
    const hourOld = aRequest({ createdAt: T0 - 3_600_000 });
    expect(matchesQuery(hourOld, parseQuery('age:>1h'), ctx)).toBe(false);
    expect(matchesQuery(hourOld, parseQuery('age:<1h'), ctx)).toBe(false);
    expect(matchesQuery(hourOld, parseQuery('age:>59m age:<61m'), ctx)).toBe(true);
    expect(matchesQuery(aRequest({ createdAt: 0 }), parseQuery('age:>1m'), ctx)).toBe(false);
    expect(matchesQuery(aRequest({ createdAt: null }), parseQuery(''), ctx)).toBe(true);
    expect(matchesQuery(aRequest({ createdAt: null }), parseQuery('provider:whatsapp'), ctx)).toBe(true);
  });

  it('excluding several values excludes a row that has any of them', () => {
    const sms = aRequest({ provider: 'sms' });
    expect(matchesQuery(sms, parseQuery('-provider:sms -provider:whatsapp'), ctx)).toBe(false);
    expect(matchesQuery(sms, parseQuery('-provider:whatsapp -provider:slack'), ctx)).toBe(true);
  });

  it('a word never matches across two fields; the digits-only form is kept from 5 digits', () => {
    const r = aRequest({ displayName: 'ab', address: 'cd', conversationName: 'ef', processingNote: null });
    expect(matchesQuery(r, parseQuery('bc'), ctx)).toBe(false);
    expect(matchesQuery(aRequest({ address: '12-345' }), parseQuery('12345'), ctx)).toBe(true);
    expect(matchesQuery(aRequest({ displayName: 'Kim', address: 'a1-2b', conversationName: 'DM', processingNote: null }), parseQuery('12'), ctx)).toBe(false);
  });

  it('a changed note is searched, not the note the row had before', () => {
    const first = aRequest({ id: 'noted', status: 'REJECTED', processingNote: 'first spam wave' });
    expect(searchTextFor(first)).toContain('first spam');
    const edited = { ...first, processingNote: 'second wave' };
    expect(searchTextFor(edited)).toContain('second wave');
    expect(searchTextFor(edited)).not.toContain('first');
  });

  it('an empty qualifier value is never flagged, even when nothing is known', () => {
    const none = { provider: [], agent: [], connector: [], workspace: [] };
    expect(unknownQualifiers('agent:"" provider:" "', none)).toEqual([]);
    expect(unknownQualifiers('agent:x', none)).toEqual(['agent:x']);
  });

  it('a provider: prefix selects from the start of the name only', () => {
    expect([...providersSelected(parseQuery('provider:app'), ['whatsapp'])]).toEqual([]);
  });
});

describe('narrows: typing on may search within the last result', () => {
  const n = (prev: string, next: string) => narrows(parseQuery(prev), parseQuery(next));
  it.each([
    ['ana', 'anab', true],
    ['ana', 'ana bob', true],
    ['', 'ana', true],
    ['ana', 'bob', false],
    ['ana bob', 'ana', false],
    ['-spam', '-spam ana', true],
    ['-spam', 'ana', false],
    ['agent:ab', 'agent:ab ana', true],
    ['agent:ab', 'agent:a agent:b', false],
    ['-agent:ab', '-agent:a -agent:b', false],
    ['-agent:ab', '-agent:ab x', true],
    ['provider:sms', 'provider:sms -provider:slack', false],
    ['age:>1h', 'age:>1h ana', false],
    ['ana', 'ana age:>1h', false],
    ['age:>1h ana', 'ana bob', false],
    ['agent:a agent:b', 'agent:ab', false],
    ['-agent:a -agent:b', '-agent:ab', false],
  ] as const)('%j then %j: %s', (prev, next, expected) => {
    expect(n(prev, next)).toBe(expected);
  });
});

describe('provider chips on the edges of the text', () => {
  it.each([
    ['an exclusion is not the chip being on', '-provider:sms', 'sms', true, '-provider:sms provider:sms'],
    ['an empty provider value does not count', 'provider:""', 'sms', true, 'provider:"" provider:sms'],
    ['a padded quoted value still selects', 'provider:" sms"', 'sms', true, 'provider:" sms"'],
    ['spaces around the text are dropped', '  ana  ', 'sms', true, 'ana provider:sms'],
    ['blank text gets the qualifier alone', '   ', 'sms', true, 'provider:sms'],
    ['quotes inside a provider id are dropped', '', 'my "x" p', true, 'provider:"my x p"'],
    ['off leaves a free word of the same name', 'sms provider:sms', 'sms', false, 'sms'],
    ['a free word of the same name is not the chip', 'sms', 'sms', true, 'sms provider:sms'],
    ['a blank quoted provider value is not the chip', 'provider:" "', 'sms', true, 'provider:" " provider:sms'],
    ['off leaves a blank quoted provider value', 'provider:" " ana', 'sms', false, 'provider:" " ana'],
    ['off leaves an empty provider value', 'provider:"" ana', 'sms', false, 'provider:"" ana'],
    ['off removes a padded quoted value', 'provider:" sms" ana', 'sms', false, 'ana'],
  ] as const)('%s', (_name, input, provider, on, expected) => {
    expect(withProvider(input, provider, on)).toBe(expected);
  });
});
