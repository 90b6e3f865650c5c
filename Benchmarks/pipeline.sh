#!/usr/bin/env bash
# The pipeline benchmark (issue figures): `chuhai run` on a seeded 2,000-chapter novel with en and es
# translations plus 100 subtitle episodes. Reports wall time, CPU and peak memory of a full run, a no-op
# rerun and a one-chapter-changed rerun, and the floor: reading and SHA-256-ing the same inputs.
# usage: Benchmarks/pipeline.sh [chapters] [episodes]   (from the repository root; `make bench` runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
chapters=${1:-2000}
episodes=${2:-100}
work=.build-bench/pipeline
swift build -c release --product chuhai >/dev/null
(cd Benchmarks && swift build -c release --product PipelineCorpus >/dev/null)
chuhai=$(swift build -c release --show-bin-path)/chuhai
corpus=$(cd Benchmarks && swift build -c release --show-bin-path)/PipelineCorpus
rm -rf "$work" && mkdir -p "$work"
"$corpus" "$PWD" "$work" "$chapters" "$episodes" >/dev/null
inputs=$(du -sb --apparent-size "$work/novel" "$work/drama" | awk '{s+=$1} END {printf "%.1f", s/1e6}')

measure() {  # label, command...
    local label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
    read -r wall user sys rss < "$work/time.txt"
    printf '%-34s %8.2f s  %7.2f s  %7.0f MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
}

echo "pipeline benchmark: $chapters chapters + $episodes episodes, zh-Hans → en, es; $inputs MB of input files; $(nproc) cores"
printf '%-34s %10s  %9s  %10s\n' "" "wall" "CPU" "peak RSS"
measure "floor: read + SHA-256 all inputs" sh -c "find '$work/novel' '$work/drama' -type f -print0 | xargs -0 sha256sum"
measure "chuhai run (cold, no cache)" "$chuhai" run --config "$work/chuhai.yaml" --quiet
measure "chuhai run (no-op rerun)" "$chuhai" run --config "$work/chuhai.yaml" --quiet
sed -i 's/^Chapter 1000: /Chapter 1000 (revised): /' "$work/novel/en/1000.txt"
measure "chuhai run (one chapter changed)" "$chuhai" run --config "$work/chuhai.yaml" --quiet
wall=$(awk '{print $1}' "$work/time.txt")
rm -rf "$work/dist" "$work/.chuhai-cache"
start=$(date +%s.%N)
"$chuhai" run --config "$work/chuhai.yaml" --quiet >/dev/null 2>&1 || true
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
printf 'chapters per second (cold run): %.0f\n' "$(echo "$chapters / $elapsed" | bc -l)"

# The hand-off loop on the same project: export every work for en (prefilled from the parallel files),
# then import it back (every chapter already holds exactly that text: nothing is rewritten).
measure "xliff export --config (en)" "$chuhai" xliff export --config "$work/chuhai.yaml" --lang en -o "$work/handoff"
du -sb --apparent-size "$work/handoff" | awk '{printf "  XLIFF written: %.0f MB\n", $1/1e6}'
measure "xliff import --config (en)" "$chuhai" xliff import "$work"/handoff/*.en.xlf --config "$work/chuhai.yaml"
