// Status and Result<T>: expected failures as values (GCC 12 has no std::expected in C++20).
//
// A Status is cheap to copy when ok. Library code returns a Status or Result for anything an
// input can cause (unreadable file, malformed JSON line, invalid UTF-8); exceptions are kept for
// start-up failures (an unreadable lexicon) and broken invariants.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace tally {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,         // a file, field or record that should exist does not
    kInvalidInput,     // input bytes that tally cannot read: binary, bad UTF-8, malformed JSON
    kIoError,          // the operating system refused a read or write
    kLimitExceeded,    // an input is larger or deeper than the configured limit
    kUsage,            // the caller asked for something that makes no sense
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidInput(std::string msg) { return Status(Code::kInvalidInput, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status LimitExceeded(std::string msg) { return Status(Code::kLimitExceeded, std::move(msg)); }
  static Status Usage(std::string msg) { return Status(Code::kUsage, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace tally
