// Writing canonical-ABI values into linear memory by hand. Records are raw blocks from
// heap.alloc (16-byte aligned, enough for every wasi:otel type); strings are UTF-8 copies kept
// alive in `pins` so the garbage collector cannot free them while the host may still read them.
// Everything one call allocates is released in release(), called from cabi_post_run.

const blocks = new Array<usize>();
const pins = new Array<ArrayBuffer>();

/** A zeroed block of `size` bytes that lives until release(). */
export function block(size: i32): usize {
  const ptr = heap.alloc(<usize>max(size, 1));
  memory.fill(ptr, 0, <usize>max(size, 1));
  blocks.push(ptr);
  return ptr;
}

/** The host's allocations (cabi_realloc) are released with the call's own blocks. */
export function hostBlock(old: usize, oldSize: usize, newSize: usize): usize {
  if (old == 0) {
    return block(<i32>newSize);
  }
  const fresh = block(<i32>newSize);
  memory.copy(fresh, old, min(oldSize, newSize));
  return fresh;
}

/** Frees everything allocated since the last release. */
export function release(): void {
  for (let i = 0; i < blocks.length; i++) {
    heap.free(blocks[i]);
  }
  blocks.length = 0;
  pins.length = 0;
}

/** Writes a string (ptr, len) at `at`. */
export function putString(at: usize, s: string): void {
  const bytes = String.UTF8.encode(s);
  pins.push(bytes);
  store<u32>(at, <u32>changetype<usize>(bytes));
  store<u32>(at, <u32>bytes.byteLength, 4);
}

/** Reads a string (ptr, len) at `at`. */
export function getString(at: usize): string {
  return String.UTF8.decodeUnsafe(<usize>load<u32>(at), <usize>load<u32>(at, 4), false);
}

/** The UTF-8 (ptr, len) of `s`, pinned until release(). */
export function utf8(s: string): ArrayBuffer {
  const bytes = String.UTF8.encode(s);
  pins.push(bytes);
  return bytes;
}

/** Writes list<key-value> (ptr, len) at `at`; each pair is [key, JSON value]. */
export function putKeyValues(at: usize, pairs: string[][]): void {
  const list = block(pairs.length * 16);
  for (let i = 0; i < pairs.length; i++) {
    putString(list + <usize>(i * 16), pairs[i][0]);
    putString(list + <usize>(i * 16 + 8), pairs[i][1]);
  }
  store<u32>(at, <u32>list);
  store<u32>(at, <u32>pairs.length, 4);
}

/** A wasi:clocks datetime. */
export class Datetime {
  constructor(public seconds: u64, public nanoseconds: u32) {}
}

/** Writes a datetime (16 bytes, align 8) at `at`. */
export function putDatetime(at: usize, t: Datetime): void {
  store<u64>(at, t.seconds);
  store<u32>(at, t.nanoseconds, 8);
}
