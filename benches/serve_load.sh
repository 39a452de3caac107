#!/usr/bin/env bash
# Puts `stegvis serve` under load while its files are edited: wrk asks for
# every page of the site in turn from 20 connections for 30 seconds (bounded
# in time), while an article is rewritten every 200 ms. Prints wrk's report:
# requests per second, latency, and the count of errors and non-2xx answers.
#
#   bash benches/serve_load.sh               # the example site of this repository
#   bash benches/serve_load.sh SITE [SECONDS]
#
# Needs wrk (Debian: apt-get install wrk) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
site_in="${1:-.}"
seconds="${2:-30}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/stegvis"

work="$(mktemp -d)"
server=""
editor=""
cleanup() {
    [ -n "$editor" ] && kill "$editor" 2>/dev/null || true
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/site"
for part in content locales templates stegvis.toml; do
    [ -e "$site_in/$part" ] && cp -r "$site_in/$part" "$work/site/"
done

"$bin" serve --site "$work/site" --port 0 --quiet --color never 2>"$work/serve.log" &
server=$!
url=""
for _ in $(seq 1 600); do
    url="$(grep -o 'http://[^ ]*' "$work/serve.log" | head -n 1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.log"; echo "serve did not start"; exit 1; }

# Every page of the site, from its sitemap, as paths.
curl -s "${url}sitemap.xml" | grep -o '<loc>[^<]*</loc>' | sed -e 's|<loc>||' -e 's|</loc>||' \
    | sed -E 's|^https?://[^/]+||' >"$work/paths"
echo "${url%/}/" | sed -E 's|^https?://[^/]+||' >>"$work/paths"
echo "serve at $url, $(wc -l <"$work/paths") pages"

cat >"$work/pages.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
LUA

# The editor: a sentence of one article rewritten every 200 ms, as a writer
# saves (the line after the first heading, so the front matter stays).
article="$(find "$work/site/content" -name '*.md' ! -name 'TOC.md' ! -path '*/includes/*' | sort | head -n 1 || true)"
(
    n=0
    while true; do
        n=$((n + 1))
        sed -i -E "/^# /,/^[A-Za-z]/{/^[A-Za-z]/s/\$/ (edit $n)/}" "$article"
        sleep 0.2
    done
) &
editor=$!

PATHS="$work/paths" wrk -t 2 -c 20 -d "${seconds}s" --latency -s "$work/pages.lua" "$url"
kill "$editor" 2>/dev/null || true
editor=""
echo "rebuilds during the run: $(grep -c 'rebuilt' "$work/serve.log" || true)"
if grep -q 'panicked' "$work/serve.log"; then
    echo "serve panicked"; exit 1
fi
kill -0 "$server" 2>/dev/null || { echo "serve is not running any more"; exit 1; }
echo "serve still running"
