#include "store/store_worker.h"

#include <future>

#include <spdlog/spdlog.h>

namespace newswatch {
namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<StoreWorker>> StoreWorker::open(boost::asio::io_context& loop, const std::string& database,
                                                       const StoreSecrets& secrets) {
  std::unique_ptr<StoreWorker> worker(new StoreWorker(loop));
  // Opened on the worker thread itself: the connection is used by no other thread.
  std::promise<Result<std::unique_ptr<Store>>> promise;
  auto future = promise.get_future();
  boost::asio::post(worker->m_thread, [&] { promise.set_value(open_store(database, StoreAccess::create, secrets)); });
  auto store = future.get();
  if (!store) return tl::unexpected(store.error());
  worker->m_store = std::move(*store);
  return worker;
}

StoreWorker::~StoreWorker() {
  m_thread.join();  // queued jobs finish first: a started transaction is never cut off
  m_store.reset();  // the thread has ended, so no job can still use the connection
}

void StoreWorker::enqueue(Batchable job) {
  {
    std::lock_guard lock(m_mutex);
    if (m_shed) return;
    m_batchable.push_back(std::move(job));
  }
  // One run per job posted; a run takes every job waiting, so later runs may find none.
  boost::asio::post(m_thread, [this] { run_batch(); });
}

void StoreWorker::run_batch() {
  std::vector<Batchable> batch;
  {
    std::lock_guard lock(m_mutex);
    while (!m_batchable.empty() && batch.size() < k_max_store_batch) {
      batch.push_back(std::move(m_batchable.front()));
      m_batchable.pop_front();
    }
  }
  if (batch.empty()) return;
  if (batch.size() == 1) {
    batch.front().run(*m_store);
    return batch.front().deliver();
  }
  bool started = false;
  auto together = m_store->in_transaction([&]() -> Result<void> {
    started = true;
    for (Batchable& job : batch) job.run(*m_store);  // a failed job's savepoint is undone; the others stand
    return {};
  });
  if (together) {
    m_batches += 1;
    m_batched_jobs += batch.size();
  } else if (!started) {  // the transaction never began (the lock is held elsewhere): alone they would wait too
    for (Batchable& job : batch) job.fail(together.error());
  } else {  // rolled back after it began: every job's writes are gone, so each is applied again on its own
    spdlog::warn("store batch of {} crawls failed, applying them one by one: {}", batch.size(),
                 together.error().message);
    for (Batchable& job : batch) {
      {
        std::lock_guard lock(m_mutex);
        if (m_shed) return;  // stopping: the rest is crawled again next time
      }
      job.run(*m_store);
    }
  }
  for (Batchable& job : batch) job.deliver();
}

void StoreWorker::shed(std::chrono::milliseconds grace) {
  std::deque<Batchable> dropped;  // destroyed outside the lock
  {
    std::lock_guard lock(m_mutex);
    m_shed = true;
    dropped.swap(m_batchable);
  }
  m_shed_plain_after = steady_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(grace).count();
  // The job running may be waiting out another process's write lock (up to the busy timeout): cut it short,
  // its crawl is crawled again like the dropped ones.
  if (m_store) m_store->abandon_lock_waits();
  if (!dropped.empty())
    spdlog::info("store: {} crawls not yet stored are dropped; they are crawled again", dropped.size());
}

bool StoreWorker::shedding_plain_jobs() const noexcept {
  const std::int64_t after = m_shed_plain_after.load();
  return after != 0 && steady_ns() > after;
}

}  // namespace newswatch
