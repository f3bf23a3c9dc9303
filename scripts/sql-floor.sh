#!/usr/bin/env bash
# The SQL floor of the ledger insert (docs/decisions/import-speed.md): 100,000 transactions of
# three postings inserted by SQL alone (sqlite3 shell, recursive CTE, WAL, foreign keys on),
# under variants of the balance guarantee. Prints the user CPU seconds of the posting insert,
# the transaction insert and the per-file seal (where there is one), best of N runs.
#
#   scripts/sql-floor.sh [runs]        (default 3)
#
# Variants:
#   today      the schema's triggers: posting_only_before_its_transaction (per posting) and
#              transaction_balances (per transaction, an aggregate over its postings)
#   no-check   transaction_balances dropped (NOT a valid ledger: the lower bound)
#   empty      transaction_balances replaced by a trigger whose WHEN reads no table: the
#              cost of invoking a per-row trigger at all
#   seal       the per-file balance seal prototype: a per-row trigger that only checks the
#              seal is open, one set-based check when the seal row is inserted, a deferred
#              foreign key that makes COMMIT fail without the seal, and a covering posting index
#   seal-flag  the same with one lookup in the per-row guard: the due row carries an open flag
#              that an AFTER INSERT trigger on the seal clears
set -euo pipefail
runs=${1:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

cat > base.sql <<'EOF'
PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
CREATE TABLE business (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL) STRICT;
CREATE TABLE account (id INTEGER PRIMARY KEY, business_id TEXT NOT NULL REFERENCES business(id), name TEXT NOT NULL,
                      UNIQUE (business_id, name)) STRICT;
CREATE TABLE input_file (id INTEGER PRIMARY KEY, business_id TEXT NOT NULL REFERENCES business(id)) STRICT;
CREATE TABLE ledger_transaction (
    id INTEGER PRIMARY KEY,
    business_id TEXT NOT NULL REFERENCES business(id),
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    description TEXT NOT NULL,
    record_id TEXT NOT NULL,
    file_id INTEGER REFERENCES input_file(id),
    UNIQUE (business_id, record_id)
) STRICT;
CREATE TABLE posting (
    id INTEGER PRIMARY KEY,
    transaction_id INTEGER NOT NULL REFERENCES ledger_transaction(id) DEFERRABLE INITIALLY DEFERRED,
    account_id INTEGER NOT NULL REFERENCES account(id),
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3)
) STRICT;
CREATE INDEX posting_by_transaction ON posting(transaction_id);
CREATE TRIGGER posting_only_before_its_transaction BEFORE INSERT ON posting
WHEN EXISTS (SELECT 1 FROM ledger_transaction WHERE id = NEW.transaction_id)
BEGIN SELECT RAISE(ABORT, 'postings of a recorded transaction cannot change'); END;
CREATE TRIGGER transaction_balances BEFORE INSERT ON ledger_transaction
WHEN (SELECT CASE
        WHEN count(*) < 2 THEN 1
        WHEN min(currency) = max(currency) THEN sum(amount) <> 0
        ELSE EXISTS (SELECT 1 FROM posting WHERE transaction_id = NEW.id GROUP BY currency HAVING sum(amount) <> 0)
      END
      FROM posting WHERE transaction_id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'unbalanced transaction'); END;
INSERT INTO business VALUES ('acme-business-x', 'Acme');
INSERT INTO account (business_id, name) VALUES ('acme-business-x', 'a'), ('acme-business-x', 'b'), ('acme-business-x', 'c');
INSERT INTO input_file VALUES (1, 'acme-business-x');
EOF

cat > today.sql <<'EOF'
EOF
cat > no-check.sql <<'EOF'
DROP TRIGGER transaction_balances;
EOF
cat > empty.sql <<'EOF'
DROP TRIGGER transaction_balances;
CREATE TRIGGER transaction_empty BEFORE INSERT ON ledger_transaction WHEN NEW.id < 0 BEGIN SELECT RAISE(ABORT, 'x'); END;
EOF
cat > seal.sql <<'EOF'
CREATE TABLE ledger_seal (first_transaction INTEGER PRIMARY KEY, file_id INTEGER REFERENCES input_file(id),
                          transaction_count INTEGER NOT NULL) STRICT;
CREATE TABLE ledger_seal_due (
    first_transaction INTEGER PRIMARY KEY REFERENCES ledger_seal(first_transaction) DEFERRABLE INITIALLY DEFERRED) STRICT;
ALTER TABLE ledger_transaction ADD COLUMN seal_id INTEGER;
DROP INDEX posting_by_transaction;
CREATE INDEX posting_by_transaction_currency ON posting(transaction_id, currency, amount);
DROP TRIGGER transaction_balances;
CREATE TRIGGER transaction_balances BEFORE INSERT ON ledger_transaction
WHEN CASE WHEN NEW.seal_id IS NULL THEN (SELECT CASE
        WHEN count(*) < 2 THEN 1
        WHEN min(currency) = max(currency) THEN sum(amount) <> 0
        ELSE EXISTS (SELECT 1 FROM posting WHERE transaction_id = NEW.id GROUP BY currency HAVING sum(amount) <> 0)
      END FROM posting WHERE transaction_id = NEW.id)
     ELSE NEW.id < NEW.seal_id
       OR NOT EXISTS (SELECT 1 FROM ledger_seal_due WHERE first_transaction = NEW.seal_id)
       OR EXISTS (SELECT 1 FROM ledger_seal WHERE first_transaction = NEW.seal_id) END
BEGIN SELECT RAISE(ABORT, 'unbalanced transaction'); END;
CREATE TRIGGER ledger_seal_checks BEFORE INSERT ON ledger_seal
WHEN NEW.transaction_count IS NOT (SELECT count(*) FROM ledger_transaction
                                   WHERE id >= NEW.first_transaction AND seal_id = NEW.first_transaction)
  OR EXISTS (SELECT 1 FROM ledger_transaction t WHERE t.id >= NEW.first_transaction AND t.seal_id = NEW.first_transaction
             AND (SELECT count(*) FROM posting WHERE transaction_id = t.id) < 2)
  OR EXISTS (SELECT 1 FROM posting WHERE transaction_id >= NEW.first_transaction
             GROUP BY transaction_id, currency HAVING sum(amount) <> 0)
BEGIN SELECT RAISE(ABORT, 'unbalanced transaction'); END;
EOF

# seal-flag: seal with one lookup in the per-row guard (an open flag on the due row).
sed -e 's/DEFERRABLE INITIALLY DEFERRED) STRICT;/DEFERRABLE INITIALLY DEFERRED,\n    open INTEGER NOT NULL DEFAULT 1) STRICT;/' \
    -e 's/WHERE first_transaction = NEW.seal_id)$/WHERE first_transaction = NEW.seal_id AND open = 1) END/' \
    -e '/OR EXISTS (SELECT 1 FROM ledger_seal WHERE first_transaction = NEW.seal_id) END/d' seal.sql > seal-flag.sql
cat >> seal-flag.sql <<'EOF'
CREATE TRIGGER ledger_seal_closes AFTER INSERT ON ledger_seal
BEGIN UPDATE ledger_seal_due SET open = 0 WHERE first_transaction = NEW.first_transaction; END;
EOF

load() { # $1 = seal column ("" or ", seal_id"), $2 = its value, $3 = statements before, $4 = after
    cat <<EOF
.timer on
BEGIN; $3
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO posting (transaction_id, account_id, amount, currency)
SELECT i, 1 + k, CASE k WHEN 0 THEN 100 WHEN 1 THEN 19 ELSE -119 END, 'EUR'
FROM n, (SELECT 0 k UNION ALL SELECT 1 UNION ALL SELECT 2);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id$1)
SELECT i, 'acme-business-x', '2026-11-20', 'Coffee beans for the office', 'expense-record-' || printf('%08d', i), 1$2 FROM n;
$4
COMMIT;
EOF
}

for variant in today no-check empty seal seal-flag; do
    best=""
    for _ in $(seq "$runs"); do
        rm -f db db-wal db-shm
        sqlite3 db < base.sql > /dev/null
        sqlite3 db < "$variant.sql"
        if [ "${variant%-flag}" = seal ]; then
            script=$(load ", seal_id" ", 1" "INSERT INTO ledger_seal_due (first_transaction) VALUES (1);" "INSERT INTO ledger_seal VALUES (1, 1, 100000);")
        else
            script=$(load "" "" "" "")
        fi
        # user seconds of each timed statement: BEGIN (with the due row), postings, transactions, [seal,] COMMIT
        output=$(echo "$script" | sqlite3 db 2>&1)
        if grep -q "error" <<< "$output"; then echo "$variant: $(grep error <<< "$output")" >&2; exit 1; fi
        times=$(echo "$output" | sed -n 's/.*user \([0-9.]*\).*/\1/p' | tr '\n' ' ')
        set -- $times
        postings=$2 transactions=$3 seal=0
        [ "${variant%-flag}" = seal ] && seal=$4
        total=$(echo "$postings + $transactions + $seal" | bc)
        if [ -z "$best" ] || [ "$(echo "$total < ${best%% *}" | bc)" = 1 ]; then
            best="$total postings $postings transactions $transactions seal $seal"
        fi
        [ "$(sqlite3 db 'SELECT count(*) FROM ledger_transaction')" = 100000 ] || { echo "$variant: the load failed" >&2; exit 1; }
    done
    printf '%-9s user CPU %s s (%s)\n' "$variant" "${best%% *}" "${best#* }"
done
