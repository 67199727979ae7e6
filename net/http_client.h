#pragma once
// Asynchronous HTTP (and SMTP) transfers on the event loop: libcurl's
// multi-socket API driven by one boost::asio::io_context (curl_multi.h).
// No thread per request, no blocking call. Completion handlers run on the
// loop thread; they must not block.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "config/error.h"
#include "net/address_policy.h"

namespace newswatch {

struct HttpRequest {
  std::string url;
  std::string method = "GET";        ///< GET, POST or PUT (others are sent without a body)
  std::vector<std::string> headers;  ///< "Name: value"
  std::string body;                  ///< sent when method is POST or PUT
  std::string user_agent;
  std::string if_none_match;      ///< ETag of the last answer: conditional GET
  std::string if_modified_since;  ///< Last-Modified of the last answer
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds total_timeout{30};
  std::size_t max_body_bytes = 8u << 20;  ///< larger bodies abort the transfer (ErrorKind::parse)...
  bool truncate_body = false;             ///< ...unless set: then the first max_body_bytes are the answer
  int max_redirects = 5;                  ///< http/https only; 0: a 3xx is the answer (see redirect_url)
  bool decode_content = true;             ///< Accept-Encoding: gzip, deflate and decode
  AddressPolicy address_policy;           ///< which non-public addresses it may connect to
};

/// 301, 302, 303, 307 or 308: a redirect that carries a Location to follow.
constexpr bool is_redirect_status(int status) noexcept {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/// True when `url`'s scheme is http or https (any case): the only ones a redirect may lead to.
bool is_http_url(std::string_view url);

struct HttpResponse {
  int status = 0;
  std::string effective_url;  ///< after redirects
  std::string redirect_url;   ///< absolute target of a 3xx that was not followed; empty otherwise
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::optional<std::chrono::seconds> retry_after;  ///< Retry-After (seconds or HTTP date)
  std::string cache_control;  ///< Cache-Control as sent (repeated headers joined with ", "); parsed by the crawler
  std::string age;            ///< Age as sent: how long a cache has held the answer
  std::string body;
  bool truncated = false;  ///< the body is only the first max_body_bytes (HttpRequest::truncate_body)
  double total_seconds = 0;
};

/// One mail to send with SMTP (curl's smtp/smtps support).
struct SmtpRequest {
  std::string url;  ///< smtp://host:port or smtps://host:port
  bool require_starttls = true;
  std::string username;
  std::string password;
  std::string from;
  std::vector<std::string> to;
  std::string message;  ///< RFC 5322, CRLF line ends
  std::chrono::seconds timeout{60};
  AddressPolicy address_policy;  ///< default: the configured server may be a local relay
};

class CurlMulti;

class HttpClient {
 public:
  /// Uses `io` for every transfer; the client must outlive its transfers'
  /// handlers or be destroyed on the loop thread (pending ones are abandoned).
  explicit HttpClient(boost::asio::io_context& io);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  using HttpHandler = std::function<void(Result<HttpResponse>)>;
  using SmtpHandler = std::function<void(Result<void>)>;

  /// Starts `request`; `done` gets the response (any status, 304 included) or an
  /// Error: network, timeout, or parse for an oversized body / bad redirect / an
  /// address the request's AddressPolicy refuses.
  /// Call on the loop thread.
  void start(HttpRequest request, HttpHandler done);

  /// Sends one mail; `done` gets success or an Error naming the SMTP failure.
  void send_mail(SmtpRequest request, SmtpHandler done);

  /// Transfers in flight.
  std::size_t active() const noexcept;

  /// Abandons every transfer in flight (their handlers are not called).
  void cancel_all() noexcept;

 private:
  std::unique_ptr<CurlMulti> m_multi;
};

}  // namespace newswatch
