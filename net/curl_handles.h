#pragma once
// RAII owners for libcurl's C handles (STYLE.md "Resources"): every CURL*,
// CURLM*, curl_slist* and CURLU* is owned from the line it is created.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "config/c_handle.h"
namespace newswatch {

using CurlEasy = std::unique_ptr<CURL, Free<curl_easy_cleanup>>;
using CurlMultiHandle = std::unique_ptr<CURLM, Free<curl_multi_cleanup>>;
using CurlSlist = std::unique_ptr<curl_slist, Free<curl_slist_free_all>>;
using CurlUrl = std::unique_ptr<CURLU, Free<curl_url_cleanup>>;
using CurlString = std::unique_ptr<char, Free<curl_free>>;

/// Runs curl_global_init exactly once per process (it is not thread-safe to repeat).
inline void curl_global_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// Builds a curl header list from "Name: value" lines; null when `lines` is empty
/// or curl ran out of memory.
inline CurlSlist make_slist(const std::vector<std::string>& lines) {
  CurlSlist list;
  for (const auto& line : lines) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) return {};
    (void)list.release();  // curl_slist_append returns the same head, now longer
    list.reset(grown);
  }
  return list;
}

}  // namespace newswatch
