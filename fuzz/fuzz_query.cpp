// The watch query parser on arbitrary text; a query that parses is printed and
// matched against a fixed title and summary (with aliases, as the config has).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "alerts/query.h"

namespace {

const newswatch::Aliases k_aliases = {{"North Korea", {"DPRK", "N. Korea", "Pyongyang"}},
                                      {"Kim Jong Un", {"Kim Jong-un"}}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto text = newswatch::MatchText::from("North Korea’s Kim Jong-un meets Russian envoy in Pyongyang",
                                                      "(MENAFN) The DPRK and Russia sign a \"mutual trust\" pact...");
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto query = newswatch::Query::parse(input, k_aliases);
  if (!query) return 0;
  (void)query->to_string();
  (void)query->match(text);
  (void)query->match(input, input);
  newswatch::Item item;
  item.site = "nknews";
  item.body = std::string(input);
  item.authors = {std::string(input)};
  (void)query->match(item);
  return 0;
}
