#!/usr/bin/env bash
# The benchmark, by hand (not part of `cargo test`): builds netaudit, the log generator,
# the csv-crate scan and the base build it is held against, writes two shapes of log at
# 1M and 10M rows (seed 1), installs DuckDB and Polars in a virtual environment, and times
# them all (bench/bench.py). Needs about 1.5 GB in target/.
#
#     bash bench/run.sh [RUNS]      # RUNS defaults to 9 (the medians need at least 5)
#     BASE=REV bash bench/run.sh    # the build to hold this one against; 416b0c4 by default,
#                                   # the last before issue 18's work on the reader
#     SOURCES=1 bash bench/run.sh   # then the other sources at a large size (bench/sources.py)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
base=${BASE:-416b0c4}
dir=target/bench
mkdir -p "$dir"

if [ ! -x /usr/bin/time ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release --locked --bin netaudit --example generate --example scan \
    --example generate_slips

# The base build, from its own sources, in a folder of its own.
if [ "$(cat "$dir/base/rev" 2>/dev/null)" != "$base" ]; then
    rm -rf "$dir/base"
    mkdir -p "$dir/base/src"
    git archive "$base" | tar -x -C "$dir/base/src"
    cargo build --release --locked --bin netaudit --quiet \
        --manifest-path "$dir/base/src/Cargo.toml" --target-dir "$dir/base/target"
    cp "$dir/base/target/release/netaudit" "$dir/base/netaudit"
    echo "$base" >"$dir/base/rev"
fi

for rows in 1000000 10000000; do
    for shape in "sparse --groups 384" "dense --groups 45"; do
        set -- $shape
        file="$dir/$1-$((rows / 1000000))m.csv"
        if [ ! -s "$file" ]; then
            echo "writing $file" >&2
            target/release/examples/generate --rows "$rows" --seed 1 --mix "$1" --groups "$3" \
                >"$file.partial"
            mv "$file.partial" "$file"
        fi
    done
done

if [ ! -x "$dir/venv/bin/python" ]; then
    python3 -m venv "$dir/venv"
fi
"$dir/venv/bin/pip" install -q duckdb==2.0.0 polars==2.1.0 openpyxl==3.1.5

status=0
"$dir/venv/bin/python" bench/bench.py --runs "$runs" --dir "$dir" --base "$dir/base/netaudit" ||
    status=$?
if [ "${SOURCES:-}" = 1 ]; then
    echo
    "$dir/venv/bin/python" bench/sources.py --dir "$dir" --base "$dir/base/netaudit"
fi
exit "$status"
