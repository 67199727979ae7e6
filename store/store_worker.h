#pragma once
// The store's own thread. SQLite work never runs on the event loop
// (DESIGN.md invariant 4): the loop posts a job here, the job runs against
// the one Store this thread owns, and its result is posted back to the loop.

#include <future>
#include <memory>
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

class StoreWorker {
 public:
  /// Opens the database at `path` on the worker thread (waits for it); fails
  /// with the store's error.
  static Result<std::unique_ptr<StoreWorker>> open(boost::asio::io_context& loop, const std::string& path);
  ~StoreWorker();  ///< finishes queued jobs, closes the database, joins the thread

  /// Runs `job(Store&)` on the store thread, then `done(result)` on the loop.
  /// The loop is kept alive (work guard) until `done` has been queued.
  template <class Job, class Done>
  void post(Job job, Done done) {
    auto guard = boost::asio::make_work_guard(m_loop);
    boost::asio::post(m_thread,
                      [this, job = std::move(job), done = std::move(done), guard = std::move(guard)]() mutable {
                        auto result = run_guarded(job);
                        boost::asio::post(m_loop, [done = std::move(done), result = std::move(result),
                                                   guard = std::move(guard)]() mutable { done(std::move(result)); });
                      });
  }

  /// Runs `job(Store&)` on the store thread and waits for its result; for start-up and commands, never from the loop.
  template <class Job>
  auto call(Job job) -> std::invoke_result_t<Job, Store&>;

 private:
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

  StoreWorker(boost::asio::io_context& loop) : m_loop(loop), m_thread(1) {}
  boost::asio::io_context& m_loop;
  boost::asio::thread_pool m_thread;
  std::unique_ptr<Store> m_store;
};

template <class Job>
auto StoreWorker::call(Job job) -> std::invoke_result_t<Job, Store&> {
  using R = std::invoke_result_t<Job, Store&>;
  std::promise<R> promise;
  auto future = promise.get_future();
  boost::asio::post(m_thread, [&] { promise.set_value(run_guarded(job)); });
  return future.get();
}

}  // namespace newswatch
