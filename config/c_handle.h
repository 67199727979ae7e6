#pragma once
// Ownership of C library handles (CURL*, sqlite3*, iconv_t, GumboOutput*, ...):
// `std::unique_ptr<T, Free<cleanup>>` calls the library's own cleanup function
// exactly once, from the first line the handle exists.

namespace newswatch {

/// Calls the C function `F` on a non-null pointer; the deleter of every C handle.
template <auto F>
struct Free {
  template <class T>
  void operator()(T* p) const noexcept {
    F(p);
  }
};

}  // namespace newswatch
