# Shared by scripts/sql-floor-rows.sh and scripts/sql-floor-set.sh (sourced, not run).

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
