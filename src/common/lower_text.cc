#include <sys/mman.h>

#include <cstring>
#include <new>

#include "tally/document.h"

namespace tally {
namespace {

// From this size the buffer is mapped from the kernel rather than taken from the heap: an
// article of ordinary length gains nothing from untouched pages, and a mapping costs two calls.
constexpr size_t kMapBytes = size_t{1} << 20;

}  // namespace

LowerText::LowerText(size_t size) : size_(size) {
  if (size == 0) return;
  if (size >= kMapBytes) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<char*>(p);
    mapped_ = true;
  } else {
    data_ = new char[size]();
  }
}

LowerText::LowerText(const LowerText& other) : LowerText(other.size_) {
  if (size_) std::memcpy(data_, other.data_, size_);
}

LowerText::~LowerText() {
  if (mapped_)
    munmap(data_, size_);
  else
    delete[] data_;
}

}  // namespace tally
