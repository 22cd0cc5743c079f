#include "serve/access.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace tally {
namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

}  // namespace

std::string NewToken() {
  unsigned char bytes[32];
  // a token nobody can guess needs the system's cryptographic generator, not std::mt19937
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a token");
  return Hex(bytes, sizeof bytes);
}

std::string HashToken(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &n, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return Hex(digest, n);
}

Result<std::string> AddReviewer(Store& store, const std::string& name) {
  if (name.empty() || name.size() > 64) return Status::Usage("a reviewer's name is 1 to 64 characters");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return Status::Usage("a reviewer's name holds no control characters");
  std::string token = NewToken();
  if (Status s = store.AddUser(name, HashToken(token)); !s.ok()) return s;
  return token;
}

Result<std::optional<std::string>> ReviewerForToken(Store& store, std::string_view token) {
  if (token.empty()) return std::optional<std::string>();
  return store.UserWithTokenHash(HashToken(token));
}

}  // namespace tally
