// Date parsing on arbitrary text: parse_date on the whole input, find_date in
// it as running text, with and without a site offset. A date that comes out
// must read back as itself (parse_date is a fixed point on its own output).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extractors/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view offset : {"+00:00", "+09:00"}) {
    if (auto date = newswatch::parse_date(text, offset)) {
      auto again = newswatch::parse_date(*date, offset);
      if (!again || *again != *date) std::abort();
    }
    (void)newswatch::find_date(text, offset);
  }
  return 0;
}
