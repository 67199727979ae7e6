#pragma once
// The words spoken on the control socket (control_socket.h), one line each way:
//
//   crawl [SITE]...   ->  ok queued N[: SITE...][; already crawling: SITE...]
//                         error unknown site SITE[ SITE...]      (nothing queued then)
//   anything else     ->  error unknown request '...': try "crawl [SITE]..."
//
// Site names are the config's plain names (letters, digits, '-', '_', '.'),
// separated by spaces; no site named means every configured site.

#include <string>
#include <vector>

namespace newswatch {

class Service;

/// The request line asking for a crawl of `sites` now (every site when empty).
std::string crawl_request(const std::vector<std::string>& sites);

/// The service's reply to one request line (without its newline); queues crawls on `service`.
std::string control_reply(Service& service, const std::string& line);

}  // namespace newswatch
