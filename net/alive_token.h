#pragma once
// Handlers that outlive their owner. A completion posted back to the loop
// from the store or parse thread may still be queued when the object that
// asked for it is destroyed; guard() wraps such a handler so it does nothing
// then. The check is race-free because owners are destroyed on the loop
// thread, or after the loop has stopped, and guarded handlers run there too.

#include <memory>
#include <utility>

namespace newswatch {

class AliveToken {
 public:
  /// `handler`, made a no-op once this token (and so its owner) is gone.
  template <class Handler>
  auto guard(Handler handler) const {
    return [weak = std::weak_ptr<const int>(m_token), handler = std::move(handler)](auto&&... args) mutable {
      if (weak.expired()) return;
      handler(std::forward<decltype(args)>(args)...);
    };
  }

 private:
  std::shared_ptr<const int> m_token = std::make_shared<const int>(0);
};

}  // namespace newswatch
