#!/usr/bin/env bash
# Builds and runs every test twice: a normal build, then one with AddressSanitizer and
# UndefinedBehaviorSanitizer (any report fails the run). A compiler warning fails it too: the
# normal build's output is checked, the sanitizer build turns warnings into errors. Tests that
# need data a clone may lack (../shared) are skipped, each with its reason listed at the end.
# Run scripts/install-deps.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

# ctest lists skipped tests without their reason; this prints "skipped: TEST: REASON" for each,
# the reason being what the test printed last (ctest's log in build dir $1 keeps the output).
run_tests() {
  local dir=$1; shift
  "$@" ctest --test-dir "$dir" --output-on-failure 2>&1 | tee "$dir/ctest.out"
  python3 - "$dir/ctest.out" "$dir/Testing/Temporary/LastTest.log" <<'PY'
import re, sys
summary = open(sys.argv[1], encoding="utf-8", errors="replace").read()
skipped = re.findall(r"^\s+\d+ - (\S+) \(Skipped\)$", summary, re.M)
log = open(sys.argv[2], encoding="utf-8", errors="replace").read() if skipped else ""
for name in skipped:
    m = re.search(r"^\d+/\d+ Test: " + re.escape(name) + r"\n.*?^Output:\n-+\n(.*?)<end of output>", log, re.M | re.S)
    lines = [l for l in (m.group(1) if m else "").splitlines() if l.strip() and not l.startswith("[")]
    print(f"skipped: {name}: {lines[-1] if lines else '(it printed no reason)'}")
PY
}

cmake -S . -B build -G Ninja
cmake --build build 2>&1 | tee build/build.log
if sed 's/\x1b\[[0-9;]*[mK]//g' build/build.log | grep -q 'warning:'; then
  echo "scripts/test.sh: the build has compiler warnings (build/build.log); fix them" >&2
  exit 1
fi
run_tests build
# the same tests under the sanitizers; benchmarks are not built there
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTALLY_SANITIZE=ON -DTALLY_BUILD_BENCHMARKS=OFF \
  -DTALLY_WERROR=ON
cmake --build build-asan
run_tests build-asan env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
