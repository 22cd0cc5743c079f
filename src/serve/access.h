// access: who may write to the ledger over HTTP. Reading is open; writing needs a reviewer's
// token, which the ledger keeps only as a SHA-256 hash.
//
// Input:  a reviewer's name (AddReviewer), or the token a request carries (ReviewerForToken).
// Output: a new token, shown once; or the name of the reviewer a token belongs to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"
#include "tally/status.h"

namespace tally {

// 32 random bytes from the operating system, as 64 hex digits.
std::string NewToken();
// SHA-256 of token, as hex.
std::string HashToken(std::string_view token);

// Adds a reviewer named name (1 to 64 printable characters) and returns its token.
Result<std::string> AddReviewer(Store& store, const std::string& name);
// The reviewer whose token this is, if any.
Result<std::optional<std::string>> ReviewerForToken(Store& store, std::string_view token);

}  // namespace tally
