#ifndef KONTOR_SQLITE_TUNING_H
#define KONTOR_SQLITE_TUNING_H

/* The connection type, declared without including <sqlite3.h>: Swift sees the same
   OpaquePointer that GRDB hands out as `Database.sqliteConnection`. */
struct sqlite3;

/// Process-wide SQLite settings that must be made before the first connection opens
/// (sqlite3_config is variadic, so Swift cannot call it directly). Returns 0 on success,
/// or the SQLite error code of the first setting SQLite refused.
int kontor_sqlite_configure(void);

/// Turns the triggers of `db`'s main (and attached) schemas on (`on` > 0) or off
/// (`on` == 0), or leaves them as they are (`on` < 0), on this connection only, through
/// sqlite3_db_config(SQLITE_DBCONFIG_ENABLE_TRIGGER) (variadic: C only). A change
/// expires every prepared statement of the connection, which SQLite re-prepares on its
/// next step with the new setting. Returns 1 when triggers are on after the call, 0 when
/// off, or -1 when SQLite refused the call.
int kontor_sqlite_triggers(struct sqlite3 *db, int on);

#endif
