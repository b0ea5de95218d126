/** "123 / 4000" under a text field; turns into an error when over the limit. */
export function CharCounter({ id, length, max }: { id: string; length: number; max: number }) {
  const over = length > max;
  return (
    <span id={id} className={over ? 'counter counter-over' : 'counter'}>
      {length} / {max}
      {over ? ` – ${length - max} too many` : ''}
    </span>
  );
}
