import { useState } from 'react';
import { stripHidden, toDisplayText, truncateGraphemes } from '../lib/text';

export const DETAIL_GRAPHEMES = 256;

export interface UserTextProps {
  text: string;
  /** Shown when the text is empty after cleaning. */
  empty?: string;
  /** Cap in graphemes; longer text gets "Show more" when `expandable`. */
  max?: number;
  expandable?: boolean;
  /** Keep line breaks (notes); otherwise the text is shown on one line. */
  multiline?: boolean;
  className?: string;
}

/**
 * Untrusted text from the API, rendered as text (never HTML, F14), isolated with <bdi dir=auto>
 * (F16), hidden direction controls removed, cut at grapheme boundaries (F13, F17).
 */
export function UserText({ text, empty = '', max = DETAIL_GRAPHEMES, expandable = false, multiline = false, className }: UserTextProps) {
  const [expanded, setExpanded] = useState(false);
  const clean = multiline ? stripHidden(text.replace(/\r\n?/g, '\n')).trim() : toDisplayText(text);
  if (clean === '') return <span className={className ? `${className} muted` : 'muted'}>{empty}</span>;
  const cut = truncateGraphemes(clean, max);
  const shown = expanded ? clean : cut.text;
  return (
    <>
      <bdi dir="auto" className={multiline ? `${className ?? ''} multiline`.trim() : className}>
        {shown}
        {cut.truncated && !expanded ? '…' : ''}
      </bdi>
      {cut.truncated && expandable ? (
        <button type="button" className="link-button" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
          {expanded ? 'Show less' : 'Show more'}
        </button>
      ) : null}
    </>
  );
}
