// The per-row SQL floor of the bank import (docs/decisions/import-speed.md, round 4): the
// statements LedgerBatch runs for each bank line, driven from C with every value already
// in memory, on the rows a real import wrote. What this prints is what the posting thread
// would cost if its Swift side cost nothing.
//
//   sql-floor-rows SOURCE.sqlite EMPTY.sqlite VARIANT
//
// SOURCE is a ledger a `kontor-bench bank-csv --keep DIR` run left (DIR/var/kontor.sqlite);
// EMPTY has the same schema and SOURCE's business, accounts, files and vendors, and no
// transactions (scripts/sql-floor-rows.sh makes it). Triggers are off, as in an import
// batch. VARIANT:
//   lookup-first   record-id SELECT, two postings, the transaction, the bank line (before
//                  round 4)
//   row-first      the transaction with ON CONFLICT DO NOTHING, two postings, the bank line
//                  (round 4)
//   row-first-nofk the same with foreign keys off
//   multi32        row-first, 32 lines per INSERT statement per table
//   multi32-nofk   the same with foreign keys off
//   hybrid32       the transaction row one by one (ON CONFLICT DO NOTHING: each line's
//                  duplicate check stays synchronous), postings and bank lines 32 per INSERT
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    long long id, counter_account, bank_account, amount, vendor;
    char *date, *description, *record, *currency, *account, *statement_account, *payee, *memo, *scheme, *kind, *category,
        *evidence, *status, *position;
} Line;

static sqlite3 *db;

static void check(int code, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static char *copy(sqlite3_stmt *s, int column) {
    const unsigned char *text = sqlite3_column_text(s, column);
    return text ? strdup((const char *)text) : NULL;
}

static void text(sqlite3_stmt *s, int index, const char *value) {
    if (value) sqlite3_bind_text(s, index, value, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, index);
}

static void bind_transaction(sqlite3_stmt *s, int base, const Line *l) {
    sqlite3_bind_int64(s, base + 1, l->id);
    text(s, base + 2, "bench");
    text(s, base + 3, l->date);
    text(s, base + 4, l->description);
    text(s, base + 5, l->record);
    sqlite3_bind_int64(s, base + 6, 1);
}

static void bind_postings(sqlite3_stmt *s, int base, const Line *l) {
    sqlite3_bind_int64(s, base + 1, l->id);
    sqlite3_bind_int64(s, base + 2, l->counter_account);
    sqlite3_bind_int64(s, base + 3, -l->amount);
    text(s, base + 4, l->currency);
    sqlite3_bind_int64(s, base + 5, l->id);
    sqlite3_bind_int64(s, base + 6, l->bank_account);
    sqlite3_bind_int64(s, base + 7, l->amount);
    text(s, base + 8, l->currency);
}

static void bind_line(sqlite3_stmt *s, int base, const Line *l) {
    sqlite3_bind_int64(s, base + 1, l->id);
    text(s, base + 2, "bench");
    text(s, base + 3, l->account);
    text(s, base + 4, l->statement_account);
    text(s, base + 5, l->date);
    sqlite3_bind_int64(s, base + 6, l->amount);
    text(s, base + 7, l->currency);
    sqlite3_bind_null(s, base + 8);
    text(s, base + 9, l->payee);
    text(s, base + 10, l->memo);
    sqlite3_bind_null(s, base + 11);
    text(s, base + 12, l->scheme);
    text(s, base + 13, l->kind);
    text(s, base + 14, l->category);
    if (l->vendor) sqlite3_bind_int64(s, base + 15, l->vendor);
    else sqlite3_bind_null(s, base + 15);
    text(s, base + 16, l->evidence);
    text(s, base + 17, l->status);
    sqlite3_bind_int64(s, base + 18, 1);
    text(s, base + 19, l->position);
}

static void run(sqlite3_stmt *s, const char *what) {
    check(sqlite3_step(s), what);
    sqlite3_reset(s);
}

static sqlite3_stmt *prepare(const char *head, const char *group, int count, const char *tail) {
    size_t size = strlen(head) + (strlen(group) + 1) * count + strlen(tail) + 1;
    char *sql = malloc(size);
    strcpy(sql, head);
    for (int i = 0; i < count; i++) {
        if (i) strcat(sql, ",");
        strcat(sql, group);
    }
    strcat(sql, tail);
    sqlite3_stmt *s;
    check(sqlite3_prepare_v2(db, sql, -1, &s, 0), sql);
    free(sql);
    return s;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s SOURCE.sqlite EMPTY.sqlite VARIANT\n", argv[0]);
        return 2;
    }
    const char *variant = argv[3];
    int lookup = strcmp(variant, "lookup-first") == 0;
    int foreign = strstr(variant, "nofk") == NULL;
    int hybrid = strcmp(variant, "hybrid32") == 0;
    int group = strncmp(variant, "multi32", 7) == 0 || hybrid ? 32 : 1;

    sqlite3 *source;
    if (sqlite3_open_v2(argv[1], &source, SQLITE_OPEN_READONLY, 0) != SQLITE_OK) return 1;
    sqlite3_stmt *q;
    sqlite3_prepare_v2(source,
        "SELECT t.id, t.date, t.description, t.record_id,"
        " (SELECT account_id FROM posting WHERE transaction_id = t.id AND amount <> b.amount),"
        " (SELECT account_id FROM posting WHERE transaction_id = t.id AND amount = b.amount),"
        " b.amount, b.currency, b.account, b.statement_account, b.payee, b.memo, b.id_scheme, b.kind, b.category,"
        " b.evidence, b.status, b.position, b.vendor_id"
        " FROM ledger_transaction t JOIN bank_line b ON b.transaction_id = t.id ORDER BY t.id", -1, &q, 0);
    int capacity = 1 << 20, n = 0;
    Line *lines = calloc(capacity, sizeof(Line));
    while (sqlite3_step(q) == SQLITE_ROW && n < capacity) {
        Line *l = &lines[n++];
        l->id = sqlite3_column_int64(q, 0);
        l->date = copy(q, 1);
        l->description = copy(q, 2);
        l->record = copy(q, 3);
        l->counter_account = sqlite3_column_int64(q, 4);
        l->bank_account = sqlite3_column_int64(q, 5);
        l->amount = sqlite3_column_int64(q, 6);
        l->currency = copy(q, 7);
        l->account = copy(q, 8);
        l->statement_account = copy(q, 9);
        l->payee = copy(q, 10);
        l->memo = copy(q, 11);
        l->scheme = copy(q, 12);
        l->kind = copy(q, 13);
        l->category = copy(q, 14);
        l->evidence = copy(q, 15);
        l->status = copy(q, 16);
        l->position = copy(q, 17);
        l->vendor = sqlite3_column_type(q, 18) == SQLITE_NULL ? 0 : sqlite3_column_int64(q, 18);
    }
    sqlite3_finalize(q);
    sqlite3_close(source);
    n -= n % group;

    if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", 0, 0, 0), "pragmas");
    check(sqlite3_exec(db, foreign ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", 0, 0, 0), "foreign keys");
    int state;
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &state);

    sqlite3_stmt *find = 0;
    check(sqlite3_prepare_v2(db, "SELECT id, file_id FROM ledger_transaction WHERE business_id = ? AND record_id = ?", -1, &find, 0), "find");
    sqlite3_stmt *postings = prepare("INSERT INTO posting (transaction_id, account_id, amount, currency) VALUES ",
                                     "(?, ?, ?, ?), (?, ?, ?, ?)", group, "");
    sqlite3_stmt *transactions = prepare("INSERT INTO ledger_transaction (id, business_id, date, description, record_id, file_id) VALUES ",
                                         "(?, ?, ?, ?, ?, ?)", hybrid ? 1 : group,
                                         lookup ? "" : " ON CONFLICT (business_id, record_id) DO NOTHING");
    sqlite3_stmt *bank = prepare("INSERT INTO bank_line (transaction_id, business_id, account, statement_account, date, amount, currency,"
                                 " fee, payee, memo, bank_id, id_scheme, kind, category, vendor_id, evidence, status, file_id, position) VALUES ",
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", group, "");

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), "begin");
    for (int i = 0; i < n; i += group) {
        if (lookup) {
            const Line *l = &lines[i];
            text(find, 1, "bench");
            text(find, 2, l->record);
            run(find, "find");
            for (int k = 0; k < 2; k++) {
                sqlite3_bind_int64(postings, 1 + 4 * k, l->id);
                sqlite3_bind_int64(postings, 2 + 4 * k, k ? l->bank_account : l->counter_account);
                sqlite3_bind_int64(postings, 3 + 4 * k, k ? l->amount : -l->amount);
                text(postings, 4 + 4 * k, l->currency);
            }
            run(postings, "postings");
            bind_transaction(transactions, 0, l);
            run(transactions, "transaction");
        } else if (hybrid) {
            for (int k = 0; k < group; k++) {
                bind_transaction(transactions, 0, &lines[i + k]);
                run(transactions, "transaction");
                if (sqlite3_changes(db) != 1) { fprintf(stderr, "record %s taken\n", lines[i + k].record); return 1; }
            }
            for (int k = 0; k < group; k++) bind_postings(postings, 8 * k, &lines[i + k]);
            run(postings, "postings");
        } else {
            for (int k = 0; k < group; k++) bind_transaction(transactions, 6 * k, &lines[i + k]);
            run(transactions, "transaction");
            if (group == 1 && sqlite3_changes(db) != 1) { fprintf(stderr, "record %s taken\n", lines[i].record); return 1; }
            for (int k = 0; k < group; k++) bind_postings(postings, 8 * k, &lines[i + k]);
            run(postings, "postings");
        }
        for (int k = 0; k < group; k++) bind_line(bank, 19 * k, &lines[i + k]);
        run(bank, "bank line");
    }
    check(sqlite3_exec(db, "COMMIT", 0, 0, 0), "commit");
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%-15s %d lines in %.3f s = %.0f lines/s\n", variant, n, seconds, n / seconds);
    return 0;
}
