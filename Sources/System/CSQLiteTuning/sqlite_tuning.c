#include <sqlite3.h>
#include "sqlite_tuning.h"

int kontor_sqlite_configure(void) {
    /* Every connection is used by one thread at a time (GRDB serializes access), so the
       per-connection mutexes of the default "serialized" mode are pure overhead. */
    int rc = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (rc != SQLITE_OK) return rc;
    /* Memory statistics take a global mutex on every allocation; Kontor never reads them. */
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int kontor_sqlite_triggers(sqlite3 *db, int on) {
    int state = -1;
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, on, &state) != SQLITE_OK) return -1;
    return state;
}
