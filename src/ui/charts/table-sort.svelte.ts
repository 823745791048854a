/** Which column a table is sorted by and which way; toggled by its column headers. */
export class TableSort<K extends string> {
  key: K = $state() as K;
  ascending = $state(true);

  constructor(key: K, ascending = true) {
    this.key = key;
    this.ascending = ascending;
  }

  /** Sorts by `key`, or flips the direction when it already is the sort column. */
  toggle(key: K): void {
    if (this.key === key) this.ascending = !this.ascending;
    else {
      this.key = key;
      this.ascending = true;
    }
  }

  /** The column's aria-sort value. */
  ariaSort(key: K): 'ascending' | 'descending' | 'none' {
    return this.key !== key ? 'none' : this.ascending ? 'ascending' : 'descending';
  }
}
