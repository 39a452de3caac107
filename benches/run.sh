#!/usr/bin/env bash
# Times whole `stegvis build`s against Hugo, Zola and mdBook on the same
# synthetic content, and stegvis on ../shared/corpus; prints a Markdown table.
#
#   bash benches/run.sh                      # N = 1000 and 5000 articles per locale
#   SIZES="200" RUNS=3 bash benches/run.sh   # a quick look
#
# Environment: SIZES (articles per locale, default "1000 5000"; "" for none), RUNS (timed runs
# per tool and site, default 5), WORK (generated sites and logs, default
# /tmp/stegvis-bench), OUT (build outputs, default a folder in /dev/shm),
# HUGO / ZOLA / MDBOOK (peer binaries; by default whatever is on PATH, and a
# peer that is absent is skipped), CORPUS (default ../shared/corpus; "none"
# skips it).
#
# Outputs go to tmpfs because each run deletes the previous output first, and
# on an ext4 file system without a journal (this machine's) creating files
# right after deleting many is several times slower (the kernel skips inodes
# deleted in the last minutes): that would measure the disk, not the tools.
#
# Each run is a cold build into a fresh output folder, timed with /usr/bin/time
# (wall time and peak RSS). Tools take turns within every round, and the order
# rotates from round to round, so a noisy neighbour hits all of them alike; one
# untimed warm-up build per tool fills the page cache first. Medians are reported.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

SIZES="${SIZES-1000 5000}"
RUNS="${RUNS:-5}"
WORK="${WORK:-/tmp/stegvis-bench}"
if [ -z "${OUT:-}" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then OUT=/dev/shm/stegvis-bench-out; else OUT="$WORK/out"; fi
fi
CORPUS="${CORPUS:-$repo/../shared/corpus}"
HUGO="${HUGO:-$(command -v hugo || true)}"
ZOLA="${ZOLA:-$(command -v zola || true)}"
MDBOOK="${MDBOOK:-$(command -v mdbook || true)}"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "run.sh needs GNU time at /usr/bin/time (Debian package: time)" >&2; exit 2; }

echo "== building stegvis (release)" >&2
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-$repo/target}/release/stegvis"
stegvis_flags=()
# The peers build no search index, so neither does stegvis when it can skip it.
if "$bin" build --help | grep -q -- '--no-search'; then stegvis_flags+=(--no-search); fi

mkdir -p "$WORK/sites" "$OUT" "$WORK/logs"
results="$WORK/results.tsv"
: >"$results"
gen_hash="$(cat benches/gen_site.py benches/sitegen/*.py | sha256sum | cut -c1-16)"

# A generated site, reused while the generator is unchanged.
site() {
    local layout="$1" n="$2" dir="$WORK/sites/$1-$2"
    if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$gen_hash" ]; then
        python3 benches/gen_site.py --articles "$n" --layout "$layout" --out "$dir" --force >&2
        echo "$gen_hash" >"$dir.stamp"
    fi
    echo "$dir"
}

# The build command of a tool, for a site folder and an output folder.
command_for() {
    local tool="$1" src="$2" out="$3"
    case "$tool" in
        stegvis) echo "$bin build --site $src --out $out ${stegvis_flags[*]} $4" ;;
        hugo) echo "$HUGO --source $src --destination $out --quiet --noBuildLock" ;;
        zola) echo "$ZOLA --root $src build --output-dir $out" ;;
        mdbook) echo "bash -c '$MDBOOK build $src/nl-NL -d $out/nl-NL && $MDBOOK build $src/sv-SE -d $out/sv-SE'" ;;
    esac
}

# Runs one build under /usr/bin/time; records "site tool kind run wall_s rss_kb cpu_s".
# `ok` is the exit statuses accepted (the corpus has errors, so 1 is fine there).
# The wall time is read from the clock in nanoseconds around the run (GNU time
# counts in hundredths of a second, too coarse for a 0.05 s rebuild); peak RSS
# and CPU time come from GNU time.
timed() {
    local label="$1" tool="$2" kind="$3" run="$4" ok="$5" cmd="$6"
    local log="$WORK/logs/$label-$tool-$kind-$run.log" status=0 start end
    sync
    start="$(date +%s%N)"
    eval "$TIME -f '%e %M %U %S' -o '$WORK/time.txt' $cmd" >"$log" 2>&1 || status=$?
    end="$(date +%s%N)"
    if [[ " $ok " != *" $status "* ]]; then
        echo "$tool on $label exited with $status; see $log" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    # The last line: GNU time puts "Command exited with non-zero status" above it.
    read -r _ rss user sys < <(tail -n 1 "$WORK/time.txt")
    local ns=$((end - start))
    wall="$((ns / 1000000000)).$(printf '%09d' $((ns % 1000000000)))"
    cpu="$(python3 -c "print(round($user + $sys, 2))")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$tool" "$kind" "$run" "$wall" "$rss" "$cpu" >>"$results"
    printf '  %-8s %-8s %-10s run %s: %6.2f s %7d MB %6.2f s CPU\n' "$label" "$tool" "$kind" "$run" "$wall" $((rss / 1024)) "$cpu" >&2
}

html_pages() { find "$1" -name '*.html' | wc -l; }

# Cold builds of every available tool on one size, alternating.
bench_size() {
    local n="$1" label="$((2 * n))p" tools=(stegvis) t
    [ -n "$HUGO" ] && tools+=(hugo)
    [ -n "$ZOLA" ] && tools+=(zola)
    [ -n "$MDBOOK" ] && tools+=(mdbook)
    declare -A src
    for t in "${tools[@]}"; do src[$t]="$(site "$t" "$n")"; done
    echo "== $label: ${tools[*]}, $RUNS runs each" >&2
    for t in "${tools[@]}"; do   # warm-up, and the page count
        rm -rf "$OUT/$t" "$OUT/.$t.stegvis-cache"
        timed "$label" "$t" warmup 0 "0" "$(command_for "$t" "${src[$t]}" "$OUT/$t" --strict)"
        printf '%s\t%s\tpages\t0\t%s\t0\t0\n' "$label" "$t" "$(html_pages "$OUT/$t")" >>"$results"
    done
    local run i k
    for run in $(seq 1 "$RUNS"); do
        for i in "${!tools[@]}"; do
            k=$(((i + run) % ${#tools[@]}))
            t="${tools[$k]}"
            rm -rf "$OUT/$t" "$OUT/.$t.stegvis-cache"
            timed "$label" "$t" cold "$run" "0" "$(command_for "$t" "${src[$t]}" "$OUT/$t" --strict)"
        done
    done
    # Rebuilds into the previous output: nothing changed, then one article
    # changed (toggled each run so that every build sees a change).
    local article="${src[stegvis]}/content/nl-NL/$(cd "${src[stegvis]}/content/nl-NL" && find . -name '*.md' ! -name TOC.md ! -path './includes/*' | sort | head -n 1)"
    cp "$article" "$WORK/original.md"
    for run in $(seq 1 "$RUNS"); do
        timed "$label" stegvis nochange "$run" "0" "$(command_for stegvis "${src[stegvis]}" "$OUT/stegvis" --strict)"
        if [ $((run % 2)) -eq 1 ]; then printf '\nEen extra zin voor de meting.\n' >>"$article"; else cp "$WORK/original.md" "$article"; fi
        timed "$label" stegvis onechanged "$run" "0" "$(command_for stegvis "${src[stegvis]}" "$OUT/stegvis" --strict)"
    done
    cp "$WORK/original.md" "$article"
}

for n in $SIZES; do bench_size "$n"; done

if [ "$CORPUS" != none ] && [ -d "$CORPUS/content" ]; then
    echo "== corpus ($CORPUS): stegvis, $RUNS runs" >&2
    rm -rf "$OUT/corpus" "$OUT/.corpus.stegvis-cache"
    timed corpus stegvis warmup 0 "0 1" "$(command_for stegvis "$CORPUS" "$OUT/corpus" "")"
    printf 'corpus\tstegvis\tpages\t0\t%s\t0\t0\n' "$(html_pages "$OUT/corpus")" >>"$results"
    for run in $(seq 1 "$RUNS"); do
        rm -rf "$OUT/corpus" "$OUT/.corpus.stegvis-cache"
        timed corpus stegvis cold "$run" "0 1" "$(command_for stegvis "$CORPUS" "$OUT/corpus" "")"
    done
else
    echo "== corpus not found at $CORPUS: skipped" >&2
fi

versions="stegvis $(git -C "$repo" rev-parse --short HEAD)${stegvis_flags[*]:+ (${stegvis_flags[*]})}"
[ -n "$HUGO" ] && versions+=", $("$HUGO" version | cut -d' ' -f1-2)"
[ -n "$ZOLA" ] && versions+=", $("$ZOLA" --version)"
[ -n "$MDBOOK" ] && versions+=", $("$MDBOOK" --version)"
python3 benches/report.py "$results" "$RUNS" "$versions" | tee "$WORK/results.md"
# The outputs live in memory when on tmpfs.
[ -n "${KEEP_OUT:-}" ] || rm -rf "$OUT"
