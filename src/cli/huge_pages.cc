// Large heap regions in transparent huge pages. On this project's virtual machines a page fault
// costs microseconds, and reading a 100,000-article ledger touches gigabytes for the first time:
// a quarter of `tally ledger`'s CPU went to faulting in 4 KiB pages. tcmalloc gets its memory
// with sbrk and mmap; each region it takes is marked MADV_HUGEPAGE (the kernel's default, "madvise",
// gives huge pages only to regions so marked), so it faults in 2 MiB at a time.
#include <gperftools/malloc_hook_c.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace {

constexpr size_t kHugePage = 2 << 20;

void MarkHuge(const void* start, size_t size) {
  if (start == nullptr || size < kHugePage) return;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(start) & ~(page - 1);
  const uintptr_t end = reinterpret_cast<uintptr_t>(start) + size;
  (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice: failure changes nothing
}

void AfterMmap(const void* result, const void*, size_t size, int, int flags, int fd, off_t) {
  if (result != MAP_FAILED && fd == -1 && (flags & MAP_ANONYMOUS)) MarkHuge(result, size);
}

void AfterSbrk(const void* result, ptrdiff_t increment) {
  if (result != reinterpret_cast<void*>(-1) && increment > 0) MarkHuge(result, static_cast<size_t>(increment));
}

const bool kHooked = [] {
  MallocHook_AddMmapHook(AfterMmap);
  MallocHook_AddSbrkHook(AfterSbrk);
  return true;
}();

}  // namespace
