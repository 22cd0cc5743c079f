#!/usr/bin/env bash
# tally serve's web app in real Chromium (Debian's), driven over the DevTools protocol by
# serve_browser.mjs: filter claims, open a document and see the evidence highlighted, correct a
# claim, reload and see the correction and its audit row, merge two entities on the entities
# page, and an article carrying script runs none. Exits 77 (skipped) without chromium or node.
# Usage: serve_browser_test.sh TALLY_BINARY SOURCE_DIR [SCREENSHOT.png]
set -u
tally=$1
src=$2
screenshot=${3:-}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] || ! command -v node > /dev/null; then
  echo "chromium or node not installed (scripts/install-deps.sh installs them): browser test skipped"
  exit 77
fi
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
cp -r "$src/examples" "$tmp/in"
cat > "$tmp/in/hostile.jsonl" <<'JSON'
{"id": "hostile<b>", "title": "<script>document.title='pwned'</script>", "outlet": "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">", "date": "2026-03-06", "text": "<script>document.body.setAttribute('data-pwned','2')</script>\n\nAt least 5 people were killed in the \"><img src=x onerror=\"document.body.setAttribute('data-pwned','3')\"> district, said Police Chief Ana Lind.\n"}
JSON
"$tally" ingest --quiet "$tmp/in" --db "$tmp/l.db" || exit 1
token=$("$tally" users add tester --db "$tmp/l.db" | awk '{print $NF}')
[ ${#token} -eq 64 ] || { echo "no token from tally users add"; exit 1; }
"$tally" serve --db "$tmp/l.db" --port 0 2> "$tmp/serve.log" &
server=$!
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "tally serve did not start:"; cat "$tmp/serve.log"; exit 1; }
node "$src/tests/serve_browser.mjs" "$chromium" "http://127.0.0.1:$port/" "$token" "$tmp/profile" $screenshot || exit 1
# graceful stop: SIGTERM ends the server with status 0
kill -TERM "$server"
wait "$server"
status=$?
server=""
[ $status -eq 0 ] || { echo "tally serve exited $status on SIGTERM"; cat "$tmp/serve.log"; exit 1; }
echo "serve_browser_test: ok"
