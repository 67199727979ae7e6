#pragma once
// What a failed curl transfer says, once. curl gives two texts: the short
// curl_easy_strerror() of the code ("Couldn't resolve host name") and its
// error buffer ("Could not resolve host: example.org"), which often restates
// the short one with the specifics. Joined blindly they read doubled
// ("Couldn't resolve host name: Could not resolve host: example.org"), so the
// buffer alone is kept when it repeats the short text or, for the codes listed
// in curl_error_text.cpp, says the same thing with the host, port or time.

#include <string>
#include <string_view>

#include <curl/curl.h>

namespace newswatch {

/// The one message for `code` with curl's error `buffer` ("" when curl wrote none).
std::string curl_error_text(CURLcode code, std::string_view buffer);

}  // namespace newswatch
