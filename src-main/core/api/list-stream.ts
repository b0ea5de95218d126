/**
 * Reads a list body as it arrives (F7, F9): bytes go through @streamparser/json's tokenizer and
 * token parser, and each item of the list is handed to `onItem` as soon as it is complete, then
 * forgotten by the parser. Memory is what the caller keeps, not the size of the body.
 *
 * Both shapes fruxon-api.md allows are read: a bare array (§3.2, today) and `{items,
 * nextPageToken}` (§2, F7). The root is recognised from its first token; anything else (a
 * string, `null`, an object without an `items` array) is "not a list", never an empty one (F3).
 * A body that stops early, has trailing garbage or broken syntax is "malformed" (F1), however
 * many items came before it: the caller must not use those items.
 */
import { TokenParser, Tokenizer, TokenType } from '@streamparser/json';

export type ListStreamEnd =
  | { ok: true; shape: 'array' | 'envelope'; nextPageToken: string | null }
  | { ok: false; reason: 'malformed' | 'not-a-list' | 'empty' };

export interface ListStream {
  /** Feeds the next bytes. Returns false once the body is known to be unusable: stop reading. */
  write(chunk: Uint8Array): boolean;
  /** The body ended: was it a whole list? */
  end(): ListStreamEnd;
}

interface TokenInfo {
  token: TokenType;
  value?: unknown;
}

/** Creates a reader for one body; `onItem` receives each raw item (not yet validated). */
export function createListStream(onItem: (raw: unknown) => void): ListStream {
  const tokenizer = new Tokenizer();
  let parser: TokenParser | null = null;
  let root: 'array' | 'envelope' | null = null;
  let failed: 'malformed' | 'not-a-list' | null = null;
  let nextPageToken: string | null = null;

  // Just enough structure of an envelope to know whether `items` is an array: the depth, and
  // at depth 1 whether the next string is a key and which key the coming value belongs to.
  let depth = 0;
  let expectKey = false;
  let key: string | null = null;
  let itemsIsArray = false;

  const fail = (reason: 'malformed' | 'not-a-list'): void => {
    failed ??= reason;
  };

  function startParser(first: TokenType): void {
    if (first === TokenType.LEFT_BRACKET) root = 'array';
    else if (first === TokenType.LEFT_BRACE) root = 'envelope';
    else return fail('not-a-list');
    // keepStack: false drops each emitted item from its parent, so nothing accumulates.
    parser = new TokenParser({ paths: root === 'array' ? ['$.*'] : ['$.items.*', '$.nextPageToken'], keepStack: false });
    parser.onError = () => fail('malformed');
    parser.onEnd = () => undefined;
    // The paths emit only the list's items (numbered) and the envelope's own nextPageToken.
    parser.onValue = ({ value, key: k }) => {
      if (typeof k === 'number') onItem(value);
      else nextPageToken = typeof value === 'string' && value.trim() !== '' ? value : null;
    };
  }

  /** Tracks the envelope's top level (only what `items` is). */
  function observe(t: TokenInfo): void {
    if (root !== 'envelope') return;
    const opens = t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET;
    const closes = t.token === TokenType.RIGHT_BRACE || t.token === TokenType.RIGHT_BRACKET;
    if (depth === 1) {
      if (expectKey && t.token === TokenType.STRING) {
        key = String(t.value);
        expectKey = false;
      } else if (t.token === TokenType.COMMA) expectKey = true;
      else if (t.token !== TokenType.COLON && !closes && key === 'items') {
        itemsIsArray = t.token === TokenType.LEFT_BRACKET;
        key = null;
      }
    }
    if (opens) {
      depth += 1;
      if (depth === 1) expectKey = true;
    } else if (closes) depth -= 1;
  }

  tokenizer.onError = () => fail('malformed');
  tokenizer.onEnd = () => undefined;
  tokenizer.onToken = (info) => {
    if (failed) return;
    if (parser === null) {
      startParser(info.token);
      if (parser === null) return;
    }
    observe(info);
    // An envelope whose `items` is an object or a scalar is not a list (checked at the end too).
    parser.write(info);
  };

  return {
    write(chunk) {
      if (failed) return false;
      try {
        tokenizer.write(chunk);
      } catch {
        fail('malformed');
      }
      return failed === null;
    },
    end() {
      if (!failed) {
        try {
          if (!tokenizer.isEnded) tokenizer.end();
        } catch {
          fail('malformed');
        }
      }
      if (failed) return { ok: false, reason: failed };
      if (root === null) return { ok: false, reason: 'empty' };
      if (parser === null || !parser.isEnded) return { ok: false, reason: 'malformed' };
      if (root === 'envelope' && !itemsIsArray) return { ok: false, reason: 'not-a-list' };
      return { ok: true, shape: root, nextPageToken };
    },
  };
}
