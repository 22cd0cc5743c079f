// One step of a zlib deflate stream into a growing string: the report's data and the stored
// reconciliation are both compressed as they are made, a piece at a time.
#pragma once

#include <zlib.h>

#include <string>
#include <string_view>

namespace tally {

// Feeds in to z with flush (Z_NO_FLUSH or Z_FINISH) and appends what deflate makes to *out,
// `room` bytes of output space at a time: with Z_NO_FLUSH until the input is taken, with
// Z_FINISH until the stream ends. False on a zlib error.
bool DeflateAppend(z_stream& z, std::string_view in, int flush, std::string* out, size_t room = 1 << 20);

}  // namespace tally
