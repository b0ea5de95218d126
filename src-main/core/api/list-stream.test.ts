import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createListStream, type ListStreamEnd } from './list-stream';

/** Feeds `text` in chunks of the given sizes (cycled) and returns what came out. */
function read(text: string, sizes: number[] = [7]): { items: unknown[]; end: ListStreamEnd } {
  const items: unknown[] = [];
  const stream = createListStream((raw) => items.push(raw));
  const bytes = new TextEncoder().encode(text);
  for (let at = 0, i = 0; at < bytes.length; i += 1) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    if (!stream.write(bytes.subarray(at, at + size))) break;
    at += size;
  }
  return { items, end: stream.end() };
}

describe('list stream (F7, F9)', () => {
  it('F7: reads a bare array and an {items, nextPageToken} envelope item by item', () => {
    expect(read('[{"id":"a"},{"id":"b","n":"😀 é"}]')).toEqual({ items: [{ id: 'a' }, { id: 'b', n: '😀 é' }], end: { ok: true, shape: 'array', nextPageToken: null } });
    expect(read('{"totalCount":2,"items":[{"id":"a"},{"id":"b"}],"nextPageToken":"p2","extra":{"x":[1]}}')).toEqual({
      items: [{ id: 'a' }, { id: 'b' }],
      end: { ok: true, shape: 'envelope', nextPageToken: 'p2' },
    });
    expect(read('{"items":[],"nextPageToken":"  "}').end).toEqual({ ok: true, shape: 'envelope', nextPageToken: null });
    expect(read('\ufeff [ ]\n').end).toMatchObject({ ok: true, shape: 'array' });
  });

  it('F7: an envelope is judged by its own top-level `items`, whatever its other fields hold', () => {
    const ok = (token: string | null = null): ListStreamEnd => ({ ok: true, shape: 'envelope', nextPageToken: token });
    const cases: Array<[string, unknown[], ListStreamEnd]> = [
      // Other fields that hold an `items` of another kind, before and after the list.
      ['{"meta":{"items":{"a":1}},"items":[{"id":"a"}]}', [{ id: 'a' }], ok()],
      ['{"items":[{"id":"a"}],"meta":{"items":"x","more":[{"items":3}]}}', [{ id: 'a' }], ok()],
      ['{"page":{"items":[1,2]},"items":{"id":"a"}}', [], { ok: false, reason: 'not-a-list' }],
      ['{"items":[{"id":"a"}],"meta":{"a":1,"items":"x"}}', [{ id: 'a' }], ok()],
      ['{"others":[9],"items":[{"id":"a"}],"more":[[8]]}', [{ id: 'a' }], ok()],
      ['{"note":"items","items":[{"id":"a"}],"tail":"items"}', [{ id: 'a' }], ok()],
      // A nextPageToken inside an item, or nested elsewhere, is not the page's.
      ['{"items":[{"id":"a","nextPageToken":"no"}],"meta":{"nextPageToken":"no"}}', [{ id: 'a', nextPageToken: 'no' }], ok()],
      ['{"items":[{"id":"a"}],"nextPageToken":"p2"}', [{ id: 'a' }], ok('p2')],
      ['{"items":[{"id":"a"}],"nextPageToken":7}', [{ id: 'a' }], ok()],
      // Items that are arrays are items too (validation drops them later), not a deeper list.
      ['{"items":[[1,2],[3]]}', [[1, 2], [3]], ok()],
      ['[[1,2],{"items":[3]}]', [[1, 2], { items: [3] }], { ok: true, shape: 'array', nextPageToken: null }],
    ];
    for (const [text, items, end] of cases) {
      for (const sizes of [[1], [3], [1000]]) expect(read(text, sizes), `${text} in chunks of ${sizes[0]}`).toEqual({ items, end });
    }
  });

  it('tells the reader to stop as soon as a body is unusable', () => {
    for (const text of ['[1,]', '"hello"', '[1] x']) {
      const stream = createListStream(() => undefined);
      expect(stream.write(new TextEncoder().encode(text)), text).toBe(false);
      expect(stream.write(new TextEncoder().encode('[]')), text).toBe(false);
    }
    expect(createListStream(() => undefined).write(new TextEncoder().encode('[1, 2'))).toBe(true);
  });

  it('F3: a body that is not a list is never an empty list', () => {
    for (const text of ['"hello"', 'null', '42', '{}', '{"items":{"a":1}}', '{"items":"x"}', '{"data":[{"id":"a"}]}']) {
      expect(read(text).end, text).toEqual({ ok: false, reason: 'not-a-list' });
    }
    expect(read('').end).toEqual({ ok: false, reason: 'empty' });
    expect(read('  \n ').end).toEqual({ ok: false, reason: 'empty' });
  });

  it('F1: cut off, trailing garbage or broken syntax is malformed, even after good items', () => {
    for (const text of ['[{"id":"a"},{"id":', '[{"id":"a"},', '[{"id":"a"}', '[{"id":"a"}] x', '[{"id":"a"}]]', '[{"id" "a"}]', '{"items":[{"id":"a"}]', '[1,]']) {
      expect(read(text).end, text).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('F7: any list of JSON values, split anywhere, yields exactly JSON.parse’s items', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 20 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (items, envelope, sizes) => {
        const text = envelope ? JSON.stringify({ items, nextPageToken: 'next' }) : JSON.stringify(items);
        const out = read(text, sizes);
        expect(out.end).toEqual({ ok: true, shape: envelope ? 'envelope' : 'array', nextPageToken: envelope ? 'next' : null });
        // JSON.parse's view of the same text (-0 and 0 alike).
        expect(JSON.stringify(out.items)).toEqual(JSON.stringify((JSON.parse(text) as { items?: unknown[] }).items ?? JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it('F1: any list cut at any byte before its end is never accepted', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (items, where) => {
        const text = JSON.stringify(items);
        const cut = Math.floor(where * (text.length - 1));
        expect(read(text.slice(0, cut)).end.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('F6: __proto__ keys in items pollute nothing', () => {
    const { items } = read('[{"__proto__":{"isAdmin":true},"id":"a"}]');
    expect(Object.prototype.hasOwnProperty.call(items[0], 'id')).toBe(true);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
