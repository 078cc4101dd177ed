// A hash table from 32-bit integer keys to buckets of slots, in typed arrays:
// about 8-16 bytes a key where a Map of buckets took about 37 (a position
// keyed on a million distinct numbers). One open-addressing array of key and
// value pairs, linear probing; a key's bucket is one slot inline or a SlotList in `lists`.
import { SlotList, type Bucket } from './slot-list.js';

/** Keys kept at most this fraction of the capacity. */
const MAX_LOAD = 0.6;

export class KeyTable {
  /**
   * Key and value side by side, a place each: the key at 2i, the value at 2i + 1
   * (one cache line per probe, where two arrays took two). A value is 0: empty;
   * v > 0: the one slot v - 1; v < 0: the bucket lists[-v - 1].
   */
  private tab: Int32Array;
  private lists: SlotList[] = [];
  /** Places less one (a power of two less one). */
  private mask: number;
  /** How many distinct keys. */
  size = 0;

  constructor(capacity = 8) {
    let cap = 8;
    while (cap * MAX_LOAD < capacity) cap *= 2;
    this.tab = new Int32Array(2 * cap);
    this.mask = cap - 1;
  }

  /** The place of `key` (an int32: callers pass `key | 0`), or of the empty place where it would go; its key is at 2 × place. */
  private find(key: number): number {
    const tab = this.tab, mask = this.mask;
    let i = mix(key) & mask;
    while (tab[2 * i + 1] !== 0 && tab[2 * i] !== key) i = (i + 1) & mask;
    return i;
  }

  /** The bucket of `key`; keys are taken as int32 (a host's hashCode may give any number). */
  get(key: number): Bucket | undefined {
    const v = this.tab[2 * this.find(key | 0) + 1]!;
    return v === 0 ? undefined : v > 0 ? v - 1 : this.lists[-v - 1];
  }

  /** Appends `slot` to the bucket of `key` (slots come in ascending order). */
  add(key: number, slot: number): void {
    key |= 0;
    let i = this.find(key);
    const v = this.tab[2 * i + 1]!;
    if (v === 0) {
      if ((this.size + 1) > (this.mask + 1) * MAX_LOAD) {
        this.grow();
        i = this.find(key);
      }
      this.tab[2 * i] = key;
      this.tab[2 * i + 1] = slot + 1;
      this.size++;
    } else if (v > 0) {
      const l = new SlotList();
      l.push(v - 1);
      l.push(slot);
      this.lists.push(l);
      this.tab[2 * i + 1] = -this.lists.length;
    } else this.lists[-v - 1]!.push(slot);
  }

  /**
   * A table of the `m` pairs keys[j] → slots[j] (slots ascending) with about
   * `distinct` keys, as adding them in order would make. A big table is filled
   * region by region: the pairs are put in the order of the places their keys
   * hash to (a stable counting sort keeps each key's slots ascending), so the
   * writes stay in cache, where adding in slot order touched a random place of
   * many megabytes each time.
   */
  static of(keys: Int32Array, slots: Int32Array, m: number, distinct: number): KeyTable {
    const t = new KeyTable(distinct);
    const cap = t.mask + 1;
    if (cap < BULK_MIN) {
      for (let j = 0; j < m; j++) t.add(keys[j]!, slots[j]!);
      return t;
    }
    const shift = Math.max(0, Math.log2(cap) - REGION_BITS);
    const counts = new Int32Array((1 << REGION_BITS) + 1);
    for (let j = 0; j < m; j++) counts[((mix(keys[j]!) & t.mask) >>> shift) + 1]!++;
    for (let r = 1; r < counts.length; r++) counts[r]! += counts[r - 1]!;
    const order = new Int32Array(m);
    for (let j = 0; j < m; j++) order[counts[(mix(keys[j]!) & t.mask) >>> shift]!++] = j;
    for (let i = 0; i < m; i++) {
      const j = order[i]!;
      t.add(keys[j]!, slots[j]!);
    }
    return t;
  }

  private grow(): void {
    const old = this.tab;
    const cap = 2 * (this.mask + 1);
    this.tab = new Int32Array(2 * cap);
    this.mask = cap - 1;
    for (let j = 0; j < old.length; j += 2) {
      const v = old[j + 1]!;
      if (v === 0) continue;
      const i = this.find(old[j]!);
      this.tab[2 * i] = old[j]!;
      this.tab[2 * i + 1] = v;
    }
  }
}

/** Tables of fewer places than this are filled in slot order (they stay in cache anyway). */
const BULK_MIN = 1 << 16;
/** A bulk fill goes through 2^REGION_BITS regions of the table, in order. */
const REGION_BITS = 12;
/** Tables of at least this many places are worth a bulk fill (KeyTable.of). */
export const BULK_KEYS = BULK_MIN * MAX_LOAD;

/** Spreads the key's bits (keys such as consecutive numbers' hashes probe apart). */
function mix(k: number): number {
  let h = Math.imul(k ^ (k >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
