# Shared by scripts/sql-floor-rows.sh and scripts/sql-floor-set.sh (sourced, not run).

# floor_import WORKLOAD ROWS: builds kontor-bench, imports the workload into a temporary
# workspace (removed on exit) and sets `dir` (the temporary directory) and `source_db`
# (the ledger the import wrote, checkpointed); runs from the repository root.
floor_import() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    swift build -c release --product kontor-bench > /dev/null
    .build/release/kontor-bench "$1" --rows "$2" --no-peers --keep "$dir/bench" | grep rows/s
    source_db="$dir/bench/var/kontor.sqlite"
    sqlite3 "$source_db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
}

# empty_ledger SOURCE TARGET: a fresh database at TARGET with SOURCE's schema and its
# business, accounts, input files and vendors, and no transactions.
empty_ledger() {
    rm -f "$2" "$2-wal" "$2-shm"
    sqlite3 "$1" .schema | grep -v '^CREATE TABLE sqlite_sequence' | sqlite3 "$2"
    sqlite3 "$2" "ATTACH '$1' AS s;
        INSERT INTO business SELECT * FROM s.business; INSERT INTO account SELECT * FROM s.account;
        INSERT INTO input_file SELECT * FROM s.input_file; INSERT INTO vendor SELECT * FROM s.vendor;"
}

# faster A B: whether seconds A < B.
faster() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
