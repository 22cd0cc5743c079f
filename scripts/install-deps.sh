#!/usr/bin/env bash
# Installs every Debian 12 package tally needs to build, test and benchmark.
# Idempotent: packages already present are left alone. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config python3
  libgumbo-dev        # HTML5 parsing (clean stage)
  libsimdjson-dev     # JSONL input, JSON-LD metadata
  libcli11-dev        # command line
  libsqlite3-dev      # ledger store
  libpq-dev           # the PostgreSQL ledger (--db postgresql://...)
  postgresql          # a throwaway PostgreSQL 15 server for the tests (tests/with_postgres.sh)
  libicu-dev          # Unicode: case folding and transliteration of names
  libxxhash-dev       # content hashes
  zlib1g-dev          # gzip: the HTML report's data; WARC archives, member by member (src/ingest/warc.cc)
  libabsl-dev         # flat hash maps for lexicon look-ups
  libgoogle-perftools-dev   # tcmalloc: memory allocation that scales with --jobs
  libgtest-dev libgmock-dev
  libbenchmark-dev time   # stage benchmarks; bench/run-e2e.sh measures with /usr/bin/time
  chromium fonts-dejavu-core   # the HTML report's browser test and screenshots
  clang libclang-rt-14-dev     # libFuzzer targets (fuzz/run.sh)
  wordnet-base        # WordNet's person nouns: scripts/person_nouns.py -> data/lexicon/en/person_nouns.tsv
  libcpp-httplib-dev  # tally serve's HTTP server (and the API tests' client)
  liburiparser-dev    # RFC 3986 URL parsing: canonical URLs and document ids (src/common/url.cc)
  libcurl4-openssl-dev  # tally fetch: HTTP(S) with gzip/deflate, the multi interface
  libxml2-dev         # tally fetch: RSS, Atom and sitemaps; web pages over 8 MiB, parsed as they are read
  libssl-dev          # SHA-256 and random bytes for reviewer tokens (src/serve/access.cc)
  nodejs              # drives Chromium over the DevTools protocol in the web app's browser test
  wrk                 # bench/serve-load.sh: the API under concurrent clients
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "install-deps: all ${#packages[@]} packages present"; exit 0; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
