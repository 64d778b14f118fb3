// malloc and free for every module: small blocks from free lists, one per size class, in front of
// Emscripten's dlmalloc.
//
// Why: the engine and the interpreters make and drop many small blocks (every std::map node, every
// name longer than libc++'s 10-character short string in wasm32). dlmalloc in wasm spends far longer
// on each than glibc's per-thread caches do natively: malloc and free were 12% of a 256-leg matrix
// in Node, most of it in free's coalescing. Here a small block is popped from its class's list or
// cut from a slab, and freeing it pushes it back: a few instructions each.
//
// How: a request of up to kLargestSmall bytes is rounded up to its class. Each class cuts its
// blocks from slabs of kSlabBytes, taken from dlmalloc aligned to their size, so that whether a
// pointer lies in a slab, and of which class, is read from one table indexed by the pointer's high
// bits (slab_class_by_region). A larger or more aligned block is dlmalloc's, behind a header that
// says where dlmalloc's block starts and how many bytes it holds: dlmalloc's own realloc and
// usable-size functions are static in Emscripten's build, so realloc() needs the size from here.
//
// What it costs: freed small blocks stay in their class for the module's life (WebAssembly memory
// never shrinks anyway), and a class in use holds at least one slab. The table is 128 KB of zeroed
// memory. Memory freed in one class does not serve another, so a large workflow's peak grows: the
// engine's memory after 1,000 generated jobs is 24.2 MB instead of 16.8, after 2,000 35 to 42
// instead of 24.2 (bench/README.md, session 5); the engine without it was 6-7% slower.
//
// These strong definitions take the place of dlmalloc's weak malloc, free, calloc, realloc,
// memalign, posix_memalign, aligned_alloc, valloc, pvalloc and malloc_usable_size
// (system/lib/dlmalloc.c); dlmalloc serves the slabs and the large blocks through
// emscripten_builtin_malloc, _memalign and _free. musl's own __libc_malloc and __libc_free remain
// dlmalloc's, and musl pairs them with each other only. The modules are single-threaded.
#include <malloc.h>
#include <stdlib.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" {
void* emscripten_builtin_malloc(std::size_t size);
void emscripten_builtin_free(void* pointer);
void* emscripten_builtin_memalign(std::size_t alignment, std::size_t size);
}

namespace {

constexpr std::size_t kAlignment = 8;  // dlmalloc's too: alignof(max_align_t) in wasm32
constexpr std::size_t kSlabShift = 15;
constexpr std::size_t kSlabBytes = std::size_t{1} << kSlabShift;  // 32 KB
constexpr std::size_t kLargestSmall = 512;

// The block size of each class, index 0 meaning "not a slab". Steps of 8 bytes up to 128, where
// most of a simulation's blocks are (map nodes, short names and values), then of a quarter.
constexpr std::uint32_t kClassBytes[] = {0,   8,   16,  24,  32,  40,  48,  56,  64,  72,  80,  88,
                                         96,  104, 112, 120, 128, 160, 192, 224, 256, 320, 384, 448, 512};
constexpr int kClasses = sizeof(kClassBytes) / sizeof(kClassBytes[0]);
static_assert(kClassBytes[kClasses - 1] == kLargestSmall);

// The class of a request of n bytes, by (n + 7) / 8.
struct ClassTable {
  std::uint8_t of_eighths[kLargestSmall / kAlignment + 1] = {};
  constexpr ClassTable() {
    int size_class = 1;
    for (std::size_t eighths = 0; eighths <= kLargestSmall / kAlignment; ++eighths) {
      while (kClassBytes[size_class] < eighths * kAlignment) ++size_class;
      of_eighths[eighths] = static_cast<std::uint8_t>(size_class);
    }
  }
};
constexpr ClassTable kClassOf;

struct FreeBlock {
  FreeBlock* next;
};

struct SizeClass {
  FreeBlock* free_blocks = nullptr;
  char* slab_next = nullptr;  // the uncut rest of the class's newest slab
  char* slab_end = nullptr;
};

SizeClass classes[kClasses];

// Per 32 KB region of the 4 GB address space: the class whose slab it is, or 0.
std::uint8_t slab_class_by_region[(std::uint64_t{1} << 32) >> kSlabShift];

inline int class_of_block(const void* pointer) {
  return slab_class_by_region[reinterpret_cast<std::uintptr_t>(pointer) >> kSlabShift];
}

[[gnu::noinline]] void* cut_from_new_slab(int size_class) {
  auto* slab = static_cast<char*>(emscripten_builtin_memalign(kSlabBytes, kSlabBytes));
  if (!slab) return nullptr;
  slab_class_by_region[reinterpret_cast<std::uintptr_t>(slab) >> kSlabShift] = static_cast<std::uint8_t>(size_class);
  SizeClass& cls = classes[size_class];
  cls.slab_next = slab + kClassBytes[size_class];
  cls.slab_end = slab + kSlabBytes;
  return slab;
}

inline void* allocate_small(int size_class) {
  SizeClass& cls = classes[size_class];
  if (FreeBlock* block = cls.free_blocks) {
    cls.free_blocks = block->next;
    return block;
  }
  std::size_t bytes = kClassBytes[size_class];
  if (static_cast<std::size_t>(cls.slab_end - cls.slab_next) >= bytes) {
    void* block = cls.slab_next;
    cls.slab_next += bytes;
    return block;
  }
  return cut_from_new_slab(size_class);
}

// Just before a large block: how far back dlmalloc's block starts, and the bytes asked for.
struct LargeHeader {
  std::uint32_t offset;
  std::uint32_t bytes;
};
static_assert(sizeof(LargeHeader) == kAlignment);

inline LargeHeader& header_of(void* pointer) { return static_cast<LargeHeader*>(pointer)[-1]; }

// A block from dlmalloc, aligned to `alignment` (a power of two, at least kAlignment), with room
// for its header before it.
void* allocate_large(std::size_t alignment, std::size_t size) {
  std::size_t offset = alignment < sizeof(LargeHeader) ? sizeof(LargeHeader) : alignment;
  std::size_t total = 0;
  if (__builtin_add_overflow(size, offset, &total)) return nullptr;  // wasm32: size_t is 32 bits
  char* base = static_cast<char*>(alignment <= kAlignment ? emscripten_builtin_malloc(total)
                                                          : emscripten_builtin_memalign(alignment, total));
  if (!base) return nullptr;
  void* pointer = base + offset;
  header_of(pointer) = {static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(size)};
  return pointer;
}

inline bool is_power_of_two(std::size_t n) { return n && !(n & (n - 1)); }

void* allocate_aligned(std::size_t alignment, std::size_t size) {
  if (!is_power_of_two(alignment)) return nullptr;
  if (alignment <= kAlignment) return malloc(size);
  return allocate_large(alignment, size);
}

}  // namespace

extern "C" {

void* malloc(std::size_t size) {
  if (size <= kLargestSmall) return allocate_small(kClassOf.of_eighths[(size + kAlignment - 1) / kAlignment]);
  return allocate_large(kAlignment, size);
}

void free(void* pointer) {
  if (!pointer) return;
  if (int size_class = class_of_block(pointer)) {
    auto* block = static_cast<FreeBlock*>(pointer);
    block->next = classes[size_class].free_blocks;
    classes[size_class].free_blocks = block;
    return;
  }
  emscripten_builtin_free(static_cast<char*>(pointer) - header_of(pointer).offset);
}

void* calloc(std::size_t count, std::size_t size) {
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(count, size, &bytes)) return nullptr;
  void* pointer = malloc(bytes);
  if (pointer) std::memset(pointer, 0, bytes);
  return pointer;
}

void* realloc(void* pointer, std::size_t size) {
  if (!pointer) return malloc(size);
  std::size_t held = malloc_usable_size(pointer);
  if (size <= held) return pointer;
  void* moved = malloc(size);
  if (!moved) return nullptr;  // the old block stays valid, as realloc promises
  std::memcpy(moved, pointer, held);
  free(pointer);
  return moved;
}

std::size_t malloc_usable_size(void* pointer) {
  if (!pointer) return 0;
  if (int size_class = class_of_block(pointer)) return kClassBytes[size_class];
  return header_of(pointer).bytes;
}

void* memalign(std::size_t alignment, std::size_t size) { return allocate_aligned(alignment, size); }

void* aligned_alloc(std::size_t alignment, std::size_t size) { return allocate_aligned(alignment, size); }

int posix_memalign(void** result, std::size_t alignment, std::size_t size) {
  if (alignment < sizeof(void*) || !is_power_of_two(alignment)) return EINVAL;
  void* pointer = allocate_aligned(alignment, size);
  if (!pointer) return ENOMEM;
  *result = pointer;
  return 0;
}

// A page is WebAssembly's, 64 KB.
constexpr std::size_t kPageBytes = 65536;

void* valloc(std::size_t size) { return allocate_aligned(kPageBytes, size); }

void* pvalloc(std::size_t size) { return allocate_aligned(kPageBytes, (size + kPageBytes - 1) & ~(kPageBytes - 1)); }

}  // extern "C"
