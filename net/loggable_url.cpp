#include "net/loggable_url.h"

#include <boost/url/parse.hpp>

namespace newswatch {

std::string loggable_url(const std::string& url, bool redact_path) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "<unparsable url>";
  std::string out = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port());
  out += redact_path ? std::string("/…") : std::string(parsed->encoded_path());
  return out;
}

}  // namespace newswatch
