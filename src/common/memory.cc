#include "common/memory.h"

// tcmalloc's C interface (gperftools/malloc_extension_c.h), declared weak: the library is also
// linked without tcmalloc (tests, sanitizer builds), where the symbol is null.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace tally {

void ReturnFreedMemory() {
  if (MallocExtension_ReleaseFreeMemory) MallocExtension_ReleaseFreeMemory();
}

}  // namespace tally
