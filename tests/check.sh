# Sourced by the shell tests: check NAME COMMAND... runs the command, prints ok or FAIL, counts.
# finish prints the closing "N passed, N failed" line and sets the exit status.
fails=0
passes=0
check() {
  local name=$1; shift
  if "$@"; then echo "ok   $name"; passes=$((passes + 1)); else echo "FAIL $name"; fails=$((fails + 1)); fi
}
finish() {
  echo "$passes passed, $fails failed"
  test "$fails" -eq 0
}
