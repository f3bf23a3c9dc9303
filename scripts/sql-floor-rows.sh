#!/usr/bin/env bash
# The per-row SQL floor of the bank import (docs/decisions/import-speed.md, round 4): imports
# the 100,000-row bank CSV workload once with kontor-bench, then replays the rows it wrote
# through the statements LedgerBatch runs per line, from C (scripts/sql-floor-rows.c), into a
# fresh copy of the schema, per variant. Best of N runs each.
#
#   scripts/sql-floor-rows.sh [runs]     (default 3; needs gcc and libsqlite3-dev)
set -euo pipefail
runs=${1:-3}
source "$(dirname "$0")/sql-floor-lib.sh"
floor_import bank-csv 100000
gcc -O2 -o "$dir/floor" scripts/sql-floor-rows.c -lsqlite3
for variant in lookup-first row-first row-first-nofk multi32 multi32-nofk hybrid32; do
    best=""
    for _ in $(seq "$runs"); do
        empty_ledger "$source_db" "$dir/empty.sqlite"
        line=$("$dir/floor" "$source_db" "$dir/empty.sqlite" "$variant")
        seconds=$(echo "$line" | awk '{print $5}')
        if [ -z "$best" ] || faster "$seconds" "$best"; then best=$seconds; out=$line; fi
    done
    echo "$out"
done
