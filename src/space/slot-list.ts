// Lists of slots: a slot is an atom's place in its store's atom table,
// ascending in insertion order, so lists merge by comparing slots. A long
// list keeps its slots in an Int32Array (4 bytes each, not an object each).

/** Past this many slots a list moves from a plain array to an Int32Array. */
const TYPED_AFTER = 32;

/** Slots in ascending (insertion) order. */
export class SlotList {
  /** A plain array of small integers while short; then an Int32Array with room to grow. */
  private buf: number[] | Int32Array = [];
  length = 0;

  push(slot: number): void {
    const b = this.buf;
    if (Array.isArray(b)) {
      b.push(slot);
      if (b.length > TYPED_AFTER) this.buf = Int32Array.from(b);
    } else {
      let t = b;
      if (this.length === t.length) {
        t = new Int32Array(t.length * 2);
        t.set(b);
        this.buf = t;
      }
      t[this.length] = slot;
    }
    this.length++;
  }

  at(i: number): number {
    return this.buf[i]!;
  }
}

/** A bucket: one slot, or several in insertion order (most keys of a big index hold one atom). */
export type Bucket = number | SlotList;

export function bucketLength(b: Bucket | undefined): number {
  return b === undefined ? 0 : typeof b === 'number' ? 1 : b.length;
}

/** Slot `i` of a bucket (`i` below its length). */
export function bucketAt(b: Bucket, i: number): number {
  return typeof b === 'number' ? b : b.at(i);
}

/** Slots per chunk of an AtomTable: a chunk (32 KB) stays a regular heap object, never a large one. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A store's atoms by slot, null where one was removed (until compaction
 * renumbers). In chunks, so growing never copies the whole table (a
 * 10^6-atom array grown by doubling left about twice its size behind).
 */
export class AtomTable<T extends object = object> {
  private readonly chunks: Array<Array<T | null>> = [];
  length = 0;

  push(x: T): void {
    if ((this.length & (CHUNK - 1)) === 0) this.chunks.push([]);
    this.chunks[this.chunks.length - 1]!.push(x);
    this.length++;
  }

  /** The atom at `slot` (below `length`), or null if it was removed. */
  at(slot: number): T | null {
    return this.chunks[slot >>> CHUNK_BITS]![slot & (CHUNK - 1)]!;
  }

  clear(slot: number): void {
    this.chunks[slot >>> CHUNK_BITS]![slot & (CHUNK - 1)] = null;
  }

  /** Appends the live atoms, in slot order, to `out`. */
  pushLive(out: T[]): void {
    for (const c of this.chunks) for (const x of c) if (x !== null) out.push(x);
  }
}
