// Memory and text helpers shared by the C guests (included once by each guest's guest.c): a
// bump arena that backs cabi_realloc, the memset/memcpy the compiler needs without libc, and
// growing text for building strings.
#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#ifndef WIT_STRING_DEFINED
#define WIT_STRING_DEFINED
typedef struct { const char *ptr; uint32_t len; } wit_string;
#endif

/* ---- memory: a bump arena; a guest resets it with arena_reset() after each call ---- */

extern unsigned char __heap_base;
static uintptr_t arena_top;

static void *arena_alloc(uint32_t size, uint32_t align) {
  if (arena_top == 0) {
    arena_top = (uintptr_t)&__heap_base;
  }
  uintptr_t start = (arena_top + align - 1) & ~(uintptr_t)(align - 1);
  uintptr_t end = start + size;
  if (end < start) {
    __builtin_trap(); /* a size the 32-bit address space cannot hold */
  }
  uintptr_t limit = __builtin_wasm_memory_size(0) * 65536u;
  if (end > limit) {
    uint32_t pages = (uint32_t)((end - limit + 65535u) / 65536u);
    if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) {
      __builtin_trap();
    }
  }
  arena_top = end;
  return (void *)start;
}

__attribute__((no_builtin("memcpy"))) static void copy_bytes(void *to, const void *from, uint32_t n) {
  unsigned char *d = to;
  const unsigned char *s = from;
  for (uint32_t i = 0; i < n; i++) {
    d[i] = s[i];
  }
}

// Without libc, the compiler's calls for struct initialisation need these two. no_builtin stops
// clang from turning the loops back into calls of themselves.
__attribute__((no_builtin("memset"))) void *memset(void *to, int value, size_t n) {
  unsigned char *d = to;
  for (size_t i = 0; i < n; i++) {
    d[i] = (unsigned char)value;
  }
  return to;
}

__attribute__((no_builtin("memcpy"))) void *memcpy(void *to, const void *from, size_t n) {
  copy_bytes(to, from, (uint32_t)n);
  return to;
}

/** The arena as the canonical ABI's realloc: a fresh block that keeps the old bytes. */
static void *arena_realloc(void *old, uint32_t old_size, uint32_t align, uint32_t new_size) {
  void *fresh = arena_alloc(new_size, align);
  if (old != 0) {
    copy_bytes(fresh, old, old_size < new_size ? old_size : new_size);
  }
  return fresh;
}

// A guest that defines GUEST_CUSTOM_REALLOC exports its own cabi_realloc (the hostile guest's
// calls a host import from inside it on request).
#ifndef GUEST_CUSTOM_REALLOC
/** The allocator the host uses to pass strings and lists into this guest. */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, uint32_t old_size, uint32_t align, uint32_t new_size) {
  return arena_realloc(old, old_size, align, new_size);
}
#endif

/* ---- strings ---- */

static uint32_t cstr_len(const char *s) {
  uint32_t n = 0;
  while (s[n] != 0) {
    n++;
  }
  return n;
}

#define STR(literal) ((wit_string){literal, sizeof(literal) - 1})
#define LIST(array) {array, sizeof(array) / sizeof((array)[0])}

/** Growing text in the arena; only the last buffer grows, so it stays contiguous. */
typedef struct { char *ptr; uint32_t len; } text;

static text text_new(void) {
  return (text){arena_alloc(0, 1), 0};
}

static void text_add(text *t, const char *s, uint32_t n) {
  arena_alloc(n, 1);
  copy_bytes(t->ptr + t->len, s, n);
  t->len += n;
}

__attribute__((unused)) static void text_cstr(text *t, const char *s) {
  text_add(t, s, cstr_len(s));
}

__attribute__((unused)) static void text_u64(text *t, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) {
    text_add(t, &digits[--n], 1);
  }
}

/** Appends `s` as a JSON string literal (the wasi:otel `value` encoding of a string). */
__attribute__((unused)) static void text_json_string(text *t, const char *s, uint32_t n) {
  static const char hex[] = "0123456789abcdef";
  text_add(t, "\"", 1);
  for (uint32_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      char escaped[2] = {'\\', (char)c};
      text_add(t, escaped, 2);
    } else if (c < 0x20) {
      char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      text_add(t, escaped, 6);
    } else {
      text_add(t, (const char *)&c, 1);
    }
  }
  text_add(t, "\"", 1);
}

static wit_string text_done(text t) {
  return (wit_string){t.ptr, t.len};
}

static void arena_reset(void) {
  arena_top = (uintptr_t)&__heap_base;
}

#endif
