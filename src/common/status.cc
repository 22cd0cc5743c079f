#include "tally/status.h"

namespace tally {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kNotFound: name = "not found"; break;
    case Code::kInvalidInput: name = "invalid input"; break;
    case Code::kIoError: name = "I/O error"; break;
    case Code::kLimitExceeded: name = "limit exceeded"; break;
    case Code::kUsage: name = "usage"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace tally
