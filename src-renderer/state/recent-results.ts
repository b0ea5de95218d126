/**
 * The results of the last few searches over one list, by query text: erasing a character goes back
 * to a result already computed on the way in instead of scanning every row again (at 100,000 rows a
 * scan is most of a frame). "One list" is a key of identities (the snapshot array, the tab, the
 * order, the other filters): when any of them changes, everything held is dropped, so a result is
 * never reused for another snapshot. Held only while there is a query (the caller clears it when
 * the search box is emptied), so an idle console keeps none of it.
 */
export class RecentResults<T> {
  private key: readonly unknown[] | null = null;
  private readonly byQuery = new Map<string, T>();

  constructor(private readonly max: number) {}

  /** The result kept for this query over this list, if any (it becomes the most recent). */
  get(key: readonly unknown[], query: string): T | undefined {
    if (!this.sameKey(key)) return undefined;
    const hit = this.byQuery.get(query);
    if (hit !== undefined) {
      this.byQuery.delete(query);
      this.byQuery.set(query, hit);
    }
    return hit;
  }

  /** Keeps a result; results of another list are dropped first, the oldest beyond `max` after. */
  set(key: readonly unknown[], query: string, value: T): void {
    if (!this.sameKey(key)) {
      this.byQuery.clear();
      this.key = key;
    }
    this.byQuery.delete(query);
    this.byQuery.set(query, value);
    while (this.byQuery.size > this.max) this.byQuery.delete(this.byQuery.keys().next().value as string);
  }

  clear(): void {
    this.byQuery.clear();
    this.key = null;
  }

  get size(): number {
    return this.byQuery.size;
  }

  private sameKey(key: readonly unknown[]): boolean {
    const held = this.key;
    return held !== null && held.length === key.length && held.every((v, i) => v === key[i]);
  }
}
