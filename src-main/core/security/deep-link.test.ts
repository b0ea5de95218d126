import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink, resolveDeepLinkRef } from './deep-link';

const UUID = '3f2c6a1e-8b4d-4c2a-9f1e-0a1b2c3d4e5f';

describe('parseDeepLink', () => {
  it.each([
    [`fruxon-console://request/${UUID}`, { requestId: UUID, workspaceId: null }],
    [`fruxon-console://request/${UUID}/`, { requestId: UUID, workspaceId: null }],
    [`FRUXON-CONSOLE://request/${UUID}`, { requestId: UUID, workspaceId: null }],
    [`fruxon-console://request/${UUID}?workspace=acme-prod`, { requestId: UUID, workspaceId: 'acme-prod' }],
    [`Fruxon-Console://REQUEST/${UUID}/?workspace=acme_prod`, { requestId: UUID, workspaceId: 'acme_prod' }],
    [`fruxon-console://request/${'a'.repeat(128)}`, { requestId: 'a'.repeat(128), workspaceId: null }],
    ['fruxon-console://request/9_x-Y', { requestId: '9_x-Y', workspaceId: null }],
    [`fruxon-console://request/x?workspace=${'W'.repeat(128)}`, { requestId: 'x', workspaceId: 'W'.repeat(128) }],
  ])('parses %s', (link, expected) => {
    expect(parseDeepLink(link)).toEqual(expected);
  });

  it.each([
    ['other scheme', `https://request/${UUID}`],
    ['other host', `fruxon-console://settings/${UUID}`],
    ['no id', 'fruxon-console://request/'],
    ['extra segment', `fruxon-console://request/${UUID}/approve`],
    ['dot-dot traversal', `fruxon-console://request/../${UUID}`],
    ['encoded characters', 'fruxon-console://request/abc%2F..'],
    ['bad id charset', 'fruxon-console://request/<script>'],
    ['id too long', `fruxon-console://request/${'a'.repeat(129)}`],
    ['id starting with a dash', 'fruxon-console://request/-abc'],
    ['id starting with an underscore', 'fruxon-console://request/_abc'],
    ['two trailing slashes', `fruxon-console://request/${UUID}//`],
    ['text after the link', `fruxon-console://request/${UUID} x`],
    ['text before the link', ` fruxon-console://request/${UUID}`],
    ['empty workspace', `fruxon-console://request/${UUID}?workspace=`],
    ['workspace id too long', `fruxon-console://request/${UUID}?workspace=${'w'.repeat(129)}`],
    ['percent-encoded workspace', `fruxon-console://request/${UUID}?workspace=acme%2Dprod`],
    ['parameter name in other case', `fruxon-console://request/${UUID}?Workspace=acme`],
    ['trailing ampersand', `fruxon-console://request/${UUID}?workspace=acme&`],
    ['empty query', `fruxon-console://request/${UUID}?`],
    ['one megabyte', `fruxon-console://request/${'a'.repeat(1_000_000)}`],
    ['unknown query', `fruxon-console://request/${UUID}?approve=1`],
    ['two params', `fruxon-console://request/${UUID}?workspace=a&workspace=b`],
    ['bad workspace id', `fruxon-console://request/${UUID}?workspace=a/b`],
    ['fragment', `fruxon-console://request/${UUID}#x`],
    ['credentials', `fruxon-console://u:p@request/${UUID}`],
    ['port', `fruxon-console://request:1/${UUID}`],
    ['opaque form', `fruxon-console:request/${UUID}`],
    ['not a string', 42],
    ['null', null],
  ])('rejects %s', (_name, value) => {
    expect(parseDeepLink(value)).toBeNull();
  });

  it('never throws and only returns ids from the safe alphabet', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `fruxon-console://request/${s}`)), (input) => {
        const link = parseDeepLink(input);
        return link === null || (/^[A-Za-z0-9_-]+$/.test(link.requestId) && (link.workspaceId === null || /^[A-Za-z0-9_-]+$/.test(link.workspaceId)));
      }),
    );
  });
});

describe('deepLinkFromArgv', () => {
  it('F44: finds the link among a second instance argv', () => {
    expect(deepLinkFromArgv(['/opt/Fruxon/fruxon', '--no-sandbox', `fruxon-console://request/${UUID}`])).toEqual({ requestId: UUID, workspaceId: null });
  });
  it('ignores invalid links and plain args', () => {
    expect(deepLinkFromArgv(['/opt/app', 'fruxon-console://evil/x', '--flag'])).toBeNull();
  });
  it('skips an invalid link and opens a valid one later in argv', () => {
    expect(deepLinkFromArgv(['/opt/app', 'fruxon-console://evil/x', `fruxon-console://request/${UUID}`])).toEqual({ requestId: UUID, workspaceId: null });
  });
});

describe('resolveDeepLinkRef', () => {
  const requests = [{ id: UUID, workspaceId: 'b' }];
  it('uses an explicit known workspace', () => {
    expect(resolveDeepLinkRef({ requestId: 'x1', workspaceId: 'a' }, requests, ['a', 'b'])).toEqual({ workspaceId: 'a', requestId: 'x1' });
  });
  it('rejects an unknown explicit workspace', () => {
    expect(resolveDeepLinkRef({ requestId: 'x1', workspaceId: 'zzz' }, requests, ['a', 'b'])).toBeNull();
  });
  it('finds the workspace holding the request', () => {
    expect(resolveDeepLinkRef({ requestId: UUID, workspaceId: null }, requests, ['a', 'b'])).toEqual({ workspaceId: 'b', requestId: UUID });
    // Not just the first request held: the one with this id.
    const two = [{ id: 'other', workspaceId: 'a' }, ...requests];
    expect(resolveDeepLinkRef({ requestId: UUID, workspaceId: null }, two, ['a', 'b'])).toEqual({ workspaceId: 'b', requestId: UUID });
  });
  it('falls back to the only workspace', () => {
    expect(resolveDeepLinkRef({ requestId: 'x1', workspaceId: null }, [], ['only'])).toEqual({ workspaceId: 'only', requestId: 'x1' });
  });
  it('gives up when ambiguous', () => {
    expect(resolveDeepLinkRef({ requestId: 'x1', workspaceId: null }, [], ['a', 'b'])).toBeNull();
  });
});
