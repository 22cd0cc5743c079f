// A progress line for long runs on a terminal: documents done, documents per second, and the
// time left estimated from the bytes read against the input's total size. Silent otherwise.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

class Progress {
 public:
  Progress(const std::vector<std::string>& paths, bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {
    if (!enabled_) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const std::string& p : paths) {
      if (p == "-") continue;
      if (fs::is_directory(p, ec)) {
        for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec))
          if (it->is_regular_file(ec)) total_bytes_ += it->file_size(ec);
      } else {
        total_bytes_ += fs::file_size(p, ec);
      }
    }
    start_ = last_ = Clock::now();
  }

  void Done(size_t bytes) {
    if (!enabled_) return;
    ++docs_;
    bytes_ += bytes;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    Print(now);
  }

  void Finish() {
    if (!enabled_ || docs_ == 0) return;
    Print(Clock::now());
    std::fputc('\n', stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;

  void Print(Clock::time_point now) {
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(docs_) / secs : 0;
    const double fraction = total_bytes_ ? std::min(1.0, static_cast<double>(bytes_) / static_cast<double>(total_bytes_)) : 0;
    constexpr int kWidth = 24;
    std::string bar(static_cast<size_t>(fraction * kWidth), '#');
    bar.resize(kWidth, '.');
    const double left = fraction > 0 ? secs * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r[%s] %zu docs, %.0f docs/s, %.0f s left   ", bar.c_str(), docs_, rate, left);
    std::fflush(stderr);
  }

  bool enabled_;
  uintmax_t total_bytes_ = 0, bytes_ = 0;
  size_t docs_ = 0;
  Clock::time_point start_, last_;
};
