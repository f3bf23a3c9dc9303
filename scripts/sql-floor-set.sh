#!/usr/bin/env bash
# The set-based SQL floor of an import (docs/decisions/import-speed.md, round 5): imports a
# 100,000-row workload once with kontor-bench, then writes the very rows that import wrote
# into an empty copy of the schema with one INSERT … SELECT per table — no statement per
# row, no parsing, every value already in a TEMP table — inside one transaction, as an
# import batch does (WAL, synchronous=FULL, triggers off). What it prints is less than any
# importer of these rows can take on this machine, with foreign keys on and off.
#
#   scripts/sql-floor-set.sh [workload] [runs] [rows]
#       workload: expenses-csv (default), bank-csv or bank-ofx; runs: default 3 (the best
#       is printed); rows: default 100000. Needs the sqlite3 shell (sqlite3 package).
set -euo pipefail
workload=${1:-expenses-csv}
runs=${2:-3}
rows=${3:-100000}
source "$(dirname "$0")/sql-floor-lib.sh"
floor_import "$workload" "$rows"
# The tables an import writes, in the order a batch writes them (a transaction row before
# its postings, an expense row before its bank payment row); empty ones are left out.
tables=()
for table in ledger_transaction posting bank_line expense expense_bank_payment; do
    count=$(sqlite3 "$source_db" "SELECT count(*) FROM $table")
    if [ "$count" -gt 0 ]; then tables+=("$table"); echo "$table: $count rows"; fi
done
for keys in ON OFF; do
    best=""
    for _ in $(seq "$runs"); do
        empty_ledger "$source_db" "$dir/e.sqlite"
        {
            echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=$keys;"
            echo ".dbconfig enable_trigger off"
            echo "ATTACH '$source_db' AS s;"
            for table in "${tables[@]}"; do echo "CREATE TEMP TABLE staged_$table AS SELECT * FROM s.$table;"; done
            echo ".timer on"
            echo "BEGIN;"
            for table in "${tables[@]}"; do echo "INSERT INTO main.$table SELECT * FROM staged_$table;"; done
            echo "COMMIT;"
        } | sqlite3 "$dir/e.sqlite" > "$dir/times.txt"
        seconds=$(awk '/^Run Time/ { total += $4 } END { printf "%.3f", total }' "$dir/times.txt")
        cpu=$(awk '/^Run Time/ { total += $6 + $8 } END { printf "%.3f", total }' "$dir/times.txt")
        if [ -z "$best" ] || faster "$seconds" "$best"; then best=$seconds; bestcpu=$cpu; fi
    done
    echo "foreign keys $keys: best of $runs: $best s (cpu $bestcpu s) = $(awk -v r="$rows" -v s="$best" 'BEGIN { printf "%.0f", r / s }') rows/s"
done
