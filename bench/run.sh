#!/usr/bin/env bash
# The benchmark, by hand (not part of `cargo test`): builds netaudit, the log generator and
# the csv-crate scan, writes a 1M-row and a 10M-row log (seed 1), installs DuckDB in a
# virtual environment, and times them all (bench/bench.py). Needs about 700 MB in target/.
#
#     bash bench/run.sh [RUNS]      # RUNS defaults to 9 (the medians need at least 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
dir=target/bench
mkdir -p "$dir"

if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release --locked --bin netaudit --example generate --example scan

for rows in 1000000 10000000; do
    file="$dir/bench-$((rows / 1000000))m.csv"
    if [ ! -s "$file" ]; then
        echo "writing $file" >&2
        target/release/examples/generate --rows "$rows" --seed 1 >"$file.partial"
        mv "$file.partial" "$file"
    fi
done

if [ ! -x "$dir/venv/bin/python" ]; then
    python3 -m venv "$dir/venv"
fi
"$dir/venv/bin/pip" install -q duckdb==2.0.0

"$dir/venv/bin/python" bench/bench.py --runs "$runs" --dir "$dir"
