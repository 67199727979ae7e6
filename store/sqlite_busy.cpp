// The lock wait of a connection: SQLite's own busy_timeout sleeps through its
// whole budget with no way to stop it, so a service asked to stop while another
// process holds the write lock would wait out the 5 s. This handler sleeps the
// same growing steps (1 ms up to 100 ms, as SQLite's default handler), but in
// slices of at most 10 ms, and gives up as soon as abandon_lock_waits() is set.

#include <algorithm>
#include <array>
#include <thread>

#include "store/sqlite.h"

namespace newswatch::sqlite {
namespace {

constexpr std::array<int, 12> k_busy_steps_ms = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
constexpr int k_busy_slice_ms = 10;

/// The milliseconds SQLite has already waited before attempt `attempts` (the steps before it).
long long waited_before(int attempts) {
  long long waited = 0;
  const int known = std::min<int>(attempts, static_cast<int>(k_busy_steps_ms.size()));
  for (int i = 0; i < known; ++i) waited += k_busy_steps_ms[static_cast<std::size_t>(i)];
  if (attempts > known) waited += static_cast<long long>(attempts - known) * k_busy_steps_ms.back();
  return waited;
}

}  // namespace

void Database::set_busy_wait(std::chrono::milliseconds total) {
  m_busy_wait = total;
  if (total.count() <= 0) {
    sqlite3_busy_handler(m_db.get(), nullptr, nullptr);  // fail at once with SQLITE_BUSY
    return;
  }
  sqlite3_busy_handler(m_db.get(), &Database::on_busy, this);
}

int Database::on_busy(void* self, int attempts_so_far) {
  auto* db = static_cast<Database*>(self);
  const long long waited = waited_before(attempts_so_far);
  const long long budget = db->m_busy_wait.count();
  if (waited >= budget || db->m_abandon_waits.load()) return 0;
  const std::size_t step_index =
      std::min<std::size_t>(static_cast<std::size_t>(attempts_so_far), k_busy_steps_ms.size() - 1);
  long long left = std::min<long long>(k_busy_steps_ms[step_index], budget - waited);
  while (left > 0) {
    if (db->m_abandon_waits.load()) return 0;
    const long long slice = std::min<long long>(left, k_busy_slice_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(slice));
    left -= slice;
  }
  return db->m_abandon_waits.load() ? 0 : 1;
}

}  // namespace newswatch::sqlite
