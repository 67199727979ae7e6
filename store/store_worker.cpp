#include "store/store_worker.h"

#include <future>

namespace newswatch {

Result<std::unique_ptr<StoreWorker>> StoreWorker::open(boost::asio::io_context& loop, const std::string& path) {
  std::unique_ptr<StoreWorker> worker(new StoreWorker(loop));
  // Opened on the worker thread itself: the connection is used by no other thread.
  std::promise<Result<std::unique_ptr<Store>>> promise;
  auto future = promise.get_future();
  boost::asio::post(worker->m_thread, [&] { promise.set_value(open_sqlite_store(path)); });
  auto store = future.get();
  if (!store) return tl::unexpected(store.error());
  worker->m_store = std::move(*store);
  return worker;
}

StoreWorker::~StoreWorker() {
  m_thread.join();  // queued jobs finish first: a started transaction is never cut off
  m_store.reset();  // the thread has ended, so no job can still use the connection
}

}  // namespace newswatch
