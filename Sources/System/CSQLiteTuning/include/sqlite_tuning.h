#ifndef KONTOR_SQLITE_TUNING_H
#define KONTOR_SQLITE_TUNING_H

/// Process-wide SQLite settings that must be made before the first connection opens
/// (sqlite3_config is variadic, so Swift cannot call it directly). Returns 0 on success,
/// or the SQLite error code of the first setting SQLite refused.
int kontor_sqlite_configure(void);

#endif
