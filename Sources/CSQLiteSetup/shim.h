// SQLite's process-wide settings, which must be made before its first connection. Swift cannot
// call sqlite3_config itself (a C variadic function), so this wraps it.
#include <sqlite3.h>

// No memory statistics: with them (Debian's default), every allocation SQLite makes takes a
// global mutex. (GRDB already opens its connections without a mutex of their own.)
static inline int volt_sqlite_no_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
