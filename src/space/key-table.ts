// A hash table from 32-bit integer keys to buckets of slots, in typed arrays:
// about 8-16 bytes a key where a Map of buckets took about 37 (a position
// keyed on a million distinct numbers). Two open-addressing arrays, linear
// probing; a key's bucket is one slot inline or a SlotList in `lists`.
import { SlotList, type Bucket } from './slot-list.js';

/** Keys kept at most this fraction of the capacity. */
const MAX_LOAD = 0.6;

export class KeyTable {
  private keys: Int32Array;
  /** 0: empty; v > 0: the one slot v - 1; v < 0: the bucket lists[-v - 1]. */
  private vals: Int32Array;
  private lists: SlotList[] = [];
  private mask: number;
  /** How many distinct keys. */
  size = 0;

  constructor(capacity = 8) {
    let cap = 8;
    while (cap * MAX_LOAD < capacity) cap *= 2;
    this.keys = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The place of `key` (an int32: callers pass `key | 0`), or of the empty place where it would go. */
  private find(key: number): number {
    const keys = this.keys, vals = this.vals, mask = this.mask;
    let i = mix(key) & mask;
    while (vals[i] !== 0 && keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  /** The bucket of `key`; keys are taken as int32 (a host's hashCode may give any number). */
  get(key: number): Bucket | undefined {
    const v = this.vals[this.find(key | 0)]!;
    return v === 0 ? undefined : v > 0 ? v - 1 : this.lists[-v - 1];
  }

  /** Appends `slot` to the bucket of `key` (slots come in ascending order). */
  add(key: number, slot: number): void {
    key |= 0;
    let i = this.find(key);
    const v = this.vals[i]!;
    if (v === 0) {
      if ((this.size + 1) > this.keys.length * MAX_LOAD) {
        this.grow();
        i = this.find(key);
      }
      this.keys[i] = key;
      this.vals[i] = slot + 1;
      this.size++;
    } else if (v > 0) {
      const l = new SlotList();
      l.push(v - 1);
      l.push(slot);
      this.lists.push(l);
      this.vals[i] = -this.lists.length;
    } else this.lists[-v - 1]!.push(slot);
  }

  private grow(): void {
    const keys = this.keys, vals = this.vals;
    const cap = keys.length * 2;
    this.keys = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < keys.length; j++) {
      const v = vals[j]!;
      if (v === 0) continue;
      const i = this.find(keys[j]!);
      this.keys[i] = keys[j]!;
      this.vals[i] = v;
    }
  }
}

/** Spreads the key's bits (keys such as consecutive numbers' hashes probe apart). */
function mix(k: number): number {
  let h = Math.imul(k ^ (k >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
