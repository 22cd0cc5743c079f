#include "common/deflate.h"

namespace tally {

bool DeflateAppend(z_stream& z, std::string_view in, int flush, std::string* out, size_t room) {
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());  // callers hand pieces of about a megabyte
  int rc = Z_OK;
  do {
    const size_t at = out->size();
    out->resize(at + room);
    z.next_out = reinterpret_cast<Bytef*>(out->data() + at);
    z.avail_out = static_cast<uInt>(room);
    rc = deflate(&z, flush);
    out->resize(at + room - z.avail_out);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return false;
  } while (flush == Z_FINISH ? rc != Z_STREAM_END : z.avail_in > 0 || z.avail_out == 0);
  return true;
}

}  // namespace tally
