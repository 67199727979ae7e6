// The database as logs, `status` and `check-config` show it: a PostgreSQL password never appears, wherever the
// URI holds it; a SQLite path is shown as it is.

#include "store/store.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct Row {
  const char* database;
  const char* shown;
};

TEST(LoggableDatabase, PasswordIsMaskedWhereverTheUriHoldsIt) {
  const Row rows[] = {
      {"/var/lib/newswatch/newswatch.db", "/var/lib/newswatch/newswatch.db"},
      {"postgresql://nw@db/newswatch", "postgresql://nw@db/newswatch"},
      {"postgresql://nw:hunter2@db:5432/newswatch", "postgresql://nw:***@db:5432/newswatch"},
      {"postgres://nw:p%40ss@db", "postgres://nw:***@db"},
      {"postgresql://db/newswatch?password=hunter2", "postgresql://db/newswatch?password=***"},
      {"postgresql://db/nw?sslmode=require&password=hunter2&application_name=x",
       "postgresql://db/nw?sslmode=require&password=***&application_name=x"},
      {"postgresql://nw:a@b@db/nw", "postgresql://nw:***@db/nw"},
      {"postgresql:///nw?host=/run/postgresql", "postgresql:///nw?host=/run/postgresql"},
  };
  for (const Row& row : rows) EXPECT_EQ(loggable_database(row.database), row.shown) << row.database;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
