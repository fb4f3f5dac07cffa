// Writing canonical-ABI values into linear memory by hand. Records are carved from per-call
// chunks of raw memory (heap.alloc, 16-byte aligned; blocks 8-aligned, enough for every wasi:otel
// type); strings are UTF-8 copies, kept alive in `pins` (per call) or `constants` (for the
// instance) so the garbage collector cannot free them while the host may still read them.
// Everything one call allocates is released in release(), called from cabi_post_run.

const CHUNK: usize = 4096;
const chunks = new Array<usize>();
let chunkNext: usize = 0;
let chunkEnd: usize = 0;
const pins = new Array<ArrayBuffer>();
const constants = new Map<string, ArrayBuffer>();

/** A zeroed, 8-aligned block of `size` bytes that lives until release(). */
export function block(size: i32): usize {
  const n = (<usize>max(size, 1) + 7) & ~(<usize>7);
  if (chunkNext + n > chunkEnd) {
    const chunkSize = max(CHUNK, n);
    chunkNext = heap.alloc(chunkSize);
    chunkEnd = chunkNext + chunkSize;
    chunks.push(chunkNext);
  }
  const ptr = chunkNext;
  chunkNext += n;
  memory.fill(ptr, 0, n);
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
  for (let i = 0; i < chunks.length; i++) {
    heap.free(chunks[i]);
  }
  chunks.length = 0;
  chunkNext = 0;
  chunkEnd = 0;
  pins.length = 0;
}

/** Writes a string (ptr, len) at `at`. */
export function putString(at: usize, s: string): void {
  const bytes = String.UTF8.encode(s);
  pins.push(bytes);
  store<u32>(at, <u32>changetype<usize>(bytes));
  store<u32>(at, <u32>bytes.byteLength, 4);
}

/** Writes UTF-8 bytes made by utf8() as a string (ptr, len) at `at`. */
export function putBytes(at: usize, bytes: ArrayBuffer): void {
  store<u32>(at, <u32>changetype<usize>(bytes));
  store<u32>(at, <u32>bytes.byteLength, 4);
}

/** Writes a constant string at `at`, encoded once per instance. */
export function putConst(at: usize, s: string): void {
  let bytes: ArrayBuffer;
  if (constants.has(s)) {
    bytes = constants.get(s);
  } else {
    bytes = String.UTF8.encode(s);
    constants.set(s, bytes);
  }
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

/** An attribute: a key and its JSON value; `constant` values are encoded once per instance. */
export class KeyValue {
  constructor(public key: string, public value: string, public constant: bool = true) {}
}

/** Writes list<key-value> (ptr, len) at `at`. */
export function putKeyValues(at: usize, pairs: KeyValue[]): void {
  const list = block(pairs.length * 16);
  for (let i = 0; i < pairs.length; i++) {
    const kv = pairs[i];
    putConst(list + <usize>(i * 16), kv.key);
    if (kv.constant) {
      putConst(list + <usize>(i * 16 + 8), kv.value);
    } else {
      putString(list + <usize>(i * 16 + 8), kv.value);
    }
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
