// Giving freed memory back to the kernel after a large document.
#pragma once

#include <cstddef>

namespace tally {

// From this many bytes freed at once, a stage gives the allocator's free pages back.
constexpr size_t kReturnMemoryBytes = size_t{1} << 20;

// Gives the allocator's free pages back to the kernel. The tally command links tcmalloc, whose
// page heap keeps the memory a large document frees (its page, once parsed) and cannot hand it
// to a later, larger buffer, so it would stay resident beside it. A no-op without tcmalloc:
// glibc maps blocks this large and unmaps them when they are freed.
void ReturnFreedMemory();

}  // namespace tally
