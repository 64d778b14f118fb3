// memcpy, memmove and memset as WebAssembly's bulk-memory instructions (memory.copy, memory.fill).
//
// Linking with -Oz makes Emscripten 3.1.6 pick its "optz" libc, whose memcpy, memmove and memset
// copy one byte per loop iteration: every std::string copy paid for it (memcpy alone was 8% of
// evaluate()). These strong definitions take the place of libc's (its memcpy is a weak alias, and
// an archive member is only pulled in for a symbol nothing else defines). This file alone is
// compiled with -mbulk-memory (wasm/CMakeLists.txt); Node 12.5+ and every current browser run it.
#include <cstddef>

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

}  // extern "C"
