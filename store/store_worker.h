#pragma once
// The store's own thread. SQLite work never runs on the event loop
// (DESIGN.md invariant 4): the loop posts a job here, the job runs against
// the one Store this thread owns, and its result is posted back to the loop.
//
// Crawl applications are posted as batchable jobs: when the thread falls
// behind and several wait, it applies up to k_max_store_batch of them in one
// transaction, each in a savepoint of its own (one commit instead of many).
// A batch whose transaction fails after it started is applied again one job
// at a time, so one crawl's failure never loses another's.
//
// Shutdown (shed()): the job running finishes; batchable jobs not yet started
// are dropped (their sites are crawled again next time; an outbox row exists
// only once its crawl committed, so nothing promised is lost), and other
// jobs still run if they start within a short grace period.

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "config/error.h"
#include "store/store.h"

namespace newswatch {

/// Most batchable jobs applied in one transaction.
inline constexpr std::size_t k_max_store_batch = 32;

class StoreWorker {
 public:
  /// Opens the store `database` names (a SQLite path or a PostgreSQL URI, open_store) on the worker thread (waits
  /// for it); fails with the store's error.
  static Result<std::unique_ptr<StoreWorker>> open(boost::asio::io_context& loop, const std::string& database,
                                                   const StoreSecrets& secrets = {});
  ~StoreWorker();  ///< finishes queued jobs (those shed() leaves), closes the database, joins the thread

  /// Runs `job(Store&)` on the store thread, then `done(result)` on the loop.
  /// The loop is kept alive (work guard) until `done` has been queued.
  template <class Job, class Done>
  void post(Job job, Done done) {
    auto guard = boost::asio::make_work_guard(m_loop);
    boost::asio::post(m_thread,
                      [this, job = std::move(job), done = std::move(done), guard = std::move(guard)]() mutable {
                        if (shedding_plain_jobs()) return;
                        auto result = run_guarded(job);
                        boost::asio::post(m_loop, [done = std::move(done), result = std::move(result),
                                                   guard = std::move(guard)]() mutable { done(std::move(result)); });
                      });
  }

  /// Like post() for a job that may share a transaction with other such jobs (a crawl's application):
  /// `job(Store&)` returns a Result, and makes its writes in a Transaction of its own (a savepoint in a batch).
  /// Job and Done must be copyable.
  template <class Job, class Done>
  void post_batchable(Job job, Done done);

  /// Runs `job(Store&)` on the store thread and waits for its result; for start-up and commands, never from the loop.
  template <class Job>
  auto call(Job job) -> std::invoke_result_t<Job, Store&>;

  /// From now on: batchable jobs not yet started are dropped, and other posted jobs that have not started
  /// within `grace` (call() never is). For a bounded shutdown whatever the backlog.
  void shed(std::chrono::milliseconds grace);

  /// Batches of more than one job applied so far, and the jobs in them (for tests and the benchmark).
  std::size_t batches() const noexcept { return m_batches.load(); }
  std::size_t batched_jobs() const noexcept { return m_batched_jobs.load(); }

 private:
  /// A batchable job, type-erased: run() keeps the job's result and says whether it succeeded, fail() sets the
  /// result to an error without running it, deliver() posts the result to the loop.
  struct Batchable {
    std::function<bool(Store&)> run;
    std::function<void(const Error&)> fail;
    std::function<void()> deliver;
  };

  /// job(*m_store); an exception (the Store itself returns errors as values) becomes a storage Error, so
  /// nothing escapes into the thread pool, which would terminate the process.
  template <class Job>
  auto run_guarded(Job& job) -> std::invoke_result_t<Job, Store&> {
    try {
      return job(*m_store);
    } catch (const std::exception& e) {
      return fail(ErrorKind::storage, std::string("store job failed: ") + e.what());
    }
  }

  void enqueue(Batchable job);
  /// On the store thread: applies the batchable jobs waiting now (up to k_max_store_batch).
  void run_batch();
  bool shedding_plain_jobs() const noexcept;

  StoreWorker(boost::asio::io_context& loop) : m_loop(loop), m_thread(1) {}
  boost::asio::io_context& m_loop;
  boost::asio::thread_pool m_thread;
  std::unique_ptr<Store> m_store;
  std::mutex m_mutex;
  std::deque<Batchable> m_batchable;                ///< guarded by m_mutex
  bool m_shed = false;                              ///< guarded by m_mutex
  std::atomic<std::int64_t> m_shed_plain_after{0};  ///< steady-clock ns; 0: never
  std::atomic<std::size_t> m_batches{0};
  std::atomic<std::size_t> m_batched_jobs{0};
};

template <class Job, class Done>
void StoreWorker::post_batchable(Job job, Done done) {
  using R = std::invoke_result_t<Job, Store&>;
  struct Shared {
    Job job;
    Done done;
    std::optional<R> result;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard;
  };
  auto shared = std::make_shared<Shared>(
      Shared{std::move(job), std::move(done), std::nullopt, boost::asio::make_work_guard(m_loop)});
  Batchable batchable;
  batchable.run = [this, shared](Store&) {
    shared->result.emplace(run_guarded(shared->job));
    return shared->result->has_value();
  };
  batchable.fail = [shared](const Error& error) { shared->result.emplace(tl::unexpected(error)); };
  batchable.deliver = [this, shared] {
    boost::asio::post(m_loop, [shared] { shared->done(std::move(*shared->result)); });
  };
  enqueue(std::move(batchable));
}

template <class Job>
auto StoreWorker::call(Job job) -> std::invoke_result_t<Job, Store&> {
  using R = std::invoke_result_t<Job, Store&>;
  std::promise<R> promise;
  auto future = promise.get_future();
  boost::asio::post(m_thread, [&] { promise.set_value(run_guarded(job)); });
  return future.get();
}

}  // namespace newswatch
