// memcpy, memmove and memset as WebAssembly's bulk-memory instructions (memory.copy, memory.fill),
// and memcmp eight bytes at a time.
//
// Linking with -Oz makes Emscripten 3.1.6 pick its "optz" libc, whose memcpy, memmove and memset
// copy one byte per loop iteration: every std::string copy paid for it (memcpy alone was 8% of
// evaluate()). These strong definitions take the place of libc's (its memcpy is a weak alias, and
// an archive member is only pulled in for a symbol nothing else defines). This file alone is
// compiled with -mbulk-memory (wasm/CMakeLists.txt); Node 12.5+ and every current browser run it.
#include <cstddef>
#include <cstdint>

#if !defined(__wasm_bulk_memory__)
#error "wasm/memory.cc must be compiled with -mbulk-memory"
#endif

extern "C" {

void* memcpy(void* dest, const void* src, std::size_t n) {
  __builtin_memcpy(dest, src, n);  // memory.copy: any length, in one instruction
  return dest;
}

void* memmove(void* dest, const void* src, std::size_t n) {
  __builtin_memmove(dest, src, n);  // memory.copy allows overlapping ranges
  return dest;
}

void* memset(void* dest, int value, std::size_t n) {
  __builtin_memset(dest, value, n);  // memory.fill
  return dest;
}

// libc's compares one byte per iteration, and every std::map<std::string, ...> lookup compares
// names that share long prefixes (GITHUB_..., RUNNER_..., /home/runner/work/...): it was 7% of a
// matrix's simulation, where the native build's memcmp is vectorised. Unaligned 64-bit loads are
// allowed in WebAssembly; the first differing word is finished byte by byte for the sign.
int memcmp(const void* left, const void* right, std::size_t n) {
  auto* l = static_cast<const unsigned char*>(left);
  auto* r = static_cast<const unsigned char*>(right);
  while (n >= 8) {
    std::uint64_t a;
    std::uint64_t b;
    __builtin_memcpy(&a, l, 8);
    __builtin_memcpy(&b, r, 8);
    if (a != b) break;
    l += 8;
    r += 8;
    n -= 8;
  }
  for (; n > 0; --n, ++l, ++r) {
    if (*l != *r) return *l - *r;
  }
  return 0;
}

// What the compiler calls for memcmp(...) == 0.
int bcmp(const void* left, const void* right, std::size_t n) { return memcmp(left, right, n); }

}  // extern "C"
