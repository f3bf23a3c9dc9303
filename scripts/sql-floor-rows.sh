#!/usr/bin/env bash
# The per-row SQL floor of the bank import (docs/decisions/import-speed.md, round 4): imports
# the 100,000-row bank CSV workload once with kontor-bench, then replays the rows it wrote
# through the statements LedgerBatch runs per line, from C (scripts/sql-floor-rows.c), into a
# fresh copy of the schema, per variant. Best of N runs each.
#
#   scripts/sql-floor-rows.sh [runs]     (default 3; needs gcc and libsqlite3-dev)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$root"
swift build -c release --product kontor-bench > /dev/null
.build/release/kontor-bench bank-csv --rows 100000 --no-peers --keep "$dir/bench" | grep rows/s
gcc -O2 -o "$dir/floor" scripts/sql-floor-rows.c -lsqlite3
source="$dir/bench/var/kontor.sqlite"
sqlite3 "$source" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
for variant in lookup-first row-first row-first-nofk multi32 multi32-nofk hybrid32; do
    best=""
    for _ in $(seq "$runs"); do
        rm -f "$dir/empty.sqlite" "$dir/empty.sqlite-wal" "$dir/empty.sqlite-shm"
        sqlite3 "$source" .schema | grep -v '^CREATE TABLE sqlite_sequence' | sqlite3 "$dir/empty.sqlite"
        sqlite3 "$dir/empty.sqlite" "ATTACH '$source' AS s;
            INSERT INTO business SELECT * FROM s.business; INSERT INTO account SELECT * FROM s.account;
            INSERT INTO input_file SELECT * FROM s.input_file; INSERT INTO vendor SELECT * FROM s.vendor;"
        line=$("$dir/floor" "$source" "$dir/empty.sqlite" "$variant")
        seconds=$(echo "$line" | awk '{print $5}')
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$seconds; out=$line; fi
    done
    echo "$out"
done
