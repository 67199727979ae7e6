// HTTP and SMTP transfers as CurlTransfer objects on the shared CurlMulti.
// Each transfer owns everything curl points into (request, buffers, header
// list, error buffer) so nothing dangles while the handle is in flight. The
// header callback keeps only the final response's fields: with redirects
// curl reports every hop's headers, so a new status line starts over.

#include "net/http_client.h"

#include "net/loggable_url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <ctime>
#include <exception>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "config/ascii.h"
#include "net/connect_guard.h"
#include "net/curl_error_text.h"
#include "net/curl_multi.h"

namespace newswatch {
namespace {

constexpr long k_millis_per_second = 1000;
constexpr std::size_t k_max_cache_control = 4096;  // real ones are a few dozen bytes
/// How long curl keeps a host's resolved addresses (its default: 60 s). curl walks its whole DNS cache after
/// every transfer to drop old entries, so the cost of a transfer grows with the hosts resolved within this
/// time: with 10,000 sites on their own hosts polled every 30 s, that walk was 28 % of the service's CPU
/// (bench/README.md). 10 s still covers a crawl's next request to its host (robots.txt, then the page, then
/// follow-ups at per_host_delay, 5 s by default), and a kept-alive connection is reused without a lookup.
constexpr long k_dns_cache_seconds = 10;

using ascii::trim;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// Retry-After is delta-seconds or an HTTP-date; a past date means "now".
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return std::chrono::seconds(999'999'999);
    return std::chrono::seconds(std::stol(value));
  }
  std::time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::chrono::seconds(std::max<std::time_t>(0, when - std::time(nullptr)));
}

/// Options every transfer shares: no signals, an error buffer, timeouts, the DNS cache's lifetime.
void set_common_options(CURL* easy, char* error_buffer, std::chrono::seconds connect, std::chrono::seconds total) {
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect.count() * k_millis_per_second));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count() * k_millis_per_second));
  curl_easy_setopt(easy, CURLOPT_DNS_CACHE_TIMEOUT, k_dns_cache_seconds);
}

/// curl's error, said once (curl_error_text.h).
std::string curl_detail(CURLcode code, const char* error_buffer) {
  return curl_error_text(code, error_buffer);
}

class HttpTransfer final : public CurlTransfer {
 public:
  HttpTransfer(HttpRequest request, HttpClient::HttpHandler done)
      : CurlTransfer(CurlEasy(curl_easy_init())),
        m_request(std::move(request)),
        m_done(std::move(done)),
        m_guard(m_request.address_policy, m_request.url) {}

  /// Sets every option; false when curl refused one (reported in the error buffer).
  bool configure();
  void finish(CURLcode code) noexcept override;

 private:
  static size_t on_header(char* data, size_t size, size_t count, void* self) noexcept;
  static size_t on_write(char* data, size_t size, size_t count, void* self) noexcept;
  void on_header_line(std::string_view line);
  Result<HttpResponse> result(CURLcode code);

  HttpRequest m_request;
  HttpClient::HttpHandler m_done;
  HttpResponse m_response;
  std::string m_retry_after;  ///< raw; parsed after the transfer, outside curl's callbacks
  CurlSlist m_headers;
  ConnectGuard m_guard;
  bool m_too_big = false;
  std::array<char, CURL_ERROR_SIZE> m_error{};
};

bool HttpTransfer::configure() {
  CURL* easy = this->easy();
  if (easy == nullptr) return false;
  set_common_options(easy, m_error.data(), m_request.connect_timeout, m_request.total_timeout);
  std::vector<std::string> headers = m_request.headers;
  if (!m_request.if_none_match.empty()) headers.push_back("If-None-Match: " + m_request.if_none_match);
  if (!m_request.if_modified_since.empty()) headers.push_back("If-Modified-Since: " + m_request.if_modified_since);
  const bool sends_body = m_request.method == "POST" || m_request.method == "PUT";
  if (sends_body) headers.emplace_back("Expect:");  // no 100-continue round trip
  m_headers = make_slist(headers);
  if (!headers.empty() && !m_headers) return false;

  bool ok = curl_easy_setopt(easy, CURLOPT_URL, m_request.url.c_str()) == CURLE_OK;
  ok = ok && curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
  ok = ok && curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK;
  ok = ok && m_guard.install(easy);
  if (!ok) return false;
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, m_request.max_redirects > 0 ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(m_request.max_redirects));
  if (!m_request.user_agent.empty()) curl_easy_setopt(easy, CURLOPT_USERAGENT, m_request.user_agent.c_str());
  if (m_request.decode_content) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, m_headers.get());
  if (sends_body) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(m_request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, m_request.body.data());  // owned by this transfer
    // PUT with a body in memory: POSTFIELDS supplies it, the custom verb names it (CURLOPT_UPLOAD would stream).
    if (m_request.method == "PUT") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "PUT");
  } else if (m_request.method != "GET") {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, m_request.method.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &HttpTransfer::on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &HttpTransfer::on_write);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
  return true;
}

size_t HttpTransfer::on_header(char* data, size_t size, size_t count, void* self) noexcept {
  try {
    static_cast<HttpTransfer*>(self)->on_header_line(std::string_view(data, size * count));
  } catch (const std::exception& e) {
    spdlog::warn("http header callback failed error={}", e.what());
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  return size * count;
}

void HttpTransfer::on_header_line(std::string_view line) {
  if (line.starts_with("HTTP/")) {  // a new response (redirect hop or 1xx): start over
    m_response.content_type.clear();
    m_response.etag.clear();
    m_response.last_modified.clear();
    m_retry_after.clear();
    m_response.cache_control.clear();
    m_response.age.clear();
    m_response.body.clear();
    m_response.truncated = false;
    return;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string_view name = trim(line.substr(0, colon));
  std::string value(trim(line.substr(colon + 1)));
  if (iequals(name, "Content-Type"))
    m_response.content_type = std::move(value);
  else if (iequals(name, "ETag"))
    m_response.etag = std::move(value);
  else if (iequals(name, "Last-Modified"))
    m_response.last_modified = std::move(value);
  else if (iequals(name, "Retry-After"))
    m_retry_after = std::move(value);
  else if (iequals(name, "Cache-Control")) {
    // A list header: several lines are one comma-separated value. Bounded: the server chooses how many lines.
    if (m_response.cache_control.size() < k_max_cache_control)
      m_response.cache_control += (m_response.cache_control.empty() ? "" : ", ") + value;
  } else if (iequals(name, "Age"))
    m_response.age = std::move(value);
}

size_t HttpTransfer::on_write(char* data, size_t size, size_t count, void* self) noexcept {
  auto* transfer = static_cast<HttpTransfer*>(self);
  const size_t bytes = size * count;
  const std::size_t room = transfer->m_request.max_body_bytes - transfer->m_response.body.size();
  if (bytes > room) {
    if (!transfer->m_request.truncate_body) {
      transfer->m_too_big = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    try {
      transfer->m_response.body.append(data, room);
    } catch (const std::exception&) {
      return 0;
    }
    transfer->m_response.truncated = true;  // result() reads the CURLE_WRITE_ERROR that follows as success
    return 0;
  }
  try {
    transfer->m_response.body.append(data, bytes);
  } catch (const std::exception&) {
    return 0;
  }
  return bytes;
}

Result<HttpResponse> HttpTransfer::result(CURLcode code) {
  const std::string& url = m_request.url;
  if (m_too_big) {
    return fail(ErrorKind::parse, fmt::format("response body exceeds {} bytes from {}", m_request.max_body_bytes, url));
  }
  if (m_response.truncated && code == CURLE_WRITE_ERROR) code = CURLE_OK;  // we stopped it: the prefix is the answer
  if (m_guard.refused(code)) return fail(ErrorKind::parse, *m_guard.refusal());
  switch (code) {
    case CURLE_OK: break;
    case CURLE_OPERATION_TIMEDOUT:
      return fail(ErrorKind::timeout, fmt::format("timed out fetching {} (limits: connect {}s, total {}s): {}", url,
                                                  m_request.connect_timeout.count(), m_request.total_timeout.count(),
                                                  curl_detail(code, m_error.data())));
    case CURLE_TOO_MANY_REDIRECTS:
      return fail(ErrorKind::network, fmt::format("too many redirects (max {}) from {}", m_request.max_redirects, url));
    case CURLE_UNSUPPORTED_PROTOCOL:
      return fail(ErrorKind::parse, fmt::format("refused non-http(s) URL or redirect from {}: {}", url,
                                                curl_detail(code, m_error.data())));
    default:
      return fail(ErrorKind::network, fmt::format("fetching {} failed: {}", url, curl_detail(code, m_error.data())));
  }
  long status = 0;
  char* effective = nullptr;
  curl_easy_getinfo(easy(), CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(easy(), CURLINFO_EFFECTIVE_URL, &effective);
  curl_easy_getinfo(easy(), CURLINFO_TOTAL_TIME, &m_response.total_seconds);
  m_response.status = static_cast<int>(status);
  m_response.effective_url = effective != nullptr ? effective : url;
  char* redirect = nullptr;
  if (curl_easy_getinfo(easy(), CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK && redirect != nullptr)
    m_response.redirect_url = redirect;
  m_response.retry_after = parse_retry_after(m_retry_after);
  return std::move(m_response);
}

void HttpTransfer::finish(CURLcode code) noexcept {
  try {
    m_done(result(code));
  } catch (const std::exception& e) {
    // Host only: a webhook URL's path is its token.
    spdlog::error("http completion handler threw url={} error={}", loggable_url(m_request.url, true), e.what());
  }
}

/// "host:port" of an SMTP URL for messages: never the userinfo.
std::string smtp_server_name(const std::string& url) {
  CurlUrl parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "(unparsable SMTP URL)";
  char* host = nullptr;
  char* port = nullptr;
  curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0);
  curl_url_get(parsed.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
  CurlString host_owner(host), port_owner(port);
  return fmt::format("{}:{}", host != nullptr ? host : "?", port != nullptr ? port : "?");
}

class SmtpTransfer final : public CurlTransfer {
 public:
  SmtpTransfer(SmtpRequest request, HttpClient::SmtpHandler done)
      : CurlTransfer(CurlEasy(curl_easy_init())),
        m_request(std::move(request)),
        m_done(std::move(done)),
        m_guard(m_request.address_policy, m_request.url) {}

  /// Sets every option; false when curl refused one.
  bool configure();
  void finish(CURLcode code) noexcept override;
  std::string server() const { return smtp_server_name(m_request.url); }

 private:
  static size_t on_read(char* buffer, size_t size, size_t count, void* self) noexcept;

  SmtpRequest m_request;
  HttpClient::SmtpHandler m_done;
  CurlSlist m_recipients;
  ConnectGuard m_guard;
  size_t m_sent = 0;
  std::array<char, CURL_ERROR_SIZE> m_error{};
};

bool SmtpTransfer::configure() {
  CURL* easy = this->easy();
  if (easy == nullptr || m_request.to.empty()) return false;
  std::vector<std::string> recipients;
  for (const auto& to : m_request.to) recipients.push_back(to.starts_with('<') ? to : "<" + to + ">");
  m_recipients = make_slist(recipients);
  if (!m_recipients) return false;
  set_common_options(easy, m_error.data(), std::min(m_request.timeout, std::chrono::seconds(30)), m_request.timeout);
  bool ok = curl_easy_setopt(easy, CURLOPT_URL, m_request.url.c_str()) == CURLE_OK;
  ok = ok && curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps") == CURLE_OK;
  ok = ok && m_guard.install(easy);
  if (!ok) return false;
  const std::string from = m_request.from.starts_with('<') ? m_request.from : "<" + m_request.from + ">";
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from.c_str());  // curl copies string options
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, m_recipients.get());
  if (m_request.require_starttls) curl_easy_setopt(easy, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!m_request.username.empty()) curl_easy_setopt(easy, CURLOPT_USERNAME, m_request.username.c_str());
  if (!m_request.password.empty()) curl_easy_setopt(easy, CURLOPT_PASSWORD, m_request.password.c_str());
  curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(m_request.message.size()));
  curl_easy_setopt(easy, CURLOPT_READFUNCTION, &SmtpTransfer::on_read);
  curl_easy_setopt(easy, CURLOPT_READDATA, this);
  return true;
}

size_t SmtpTransfer::on_read(char* buffer, size_t size, size_t count, void* self) noexcept {
  auto* transfer = static_cast<SmtpTransfer*>(self);
  const std::string& message = transfer->m_request.message;
  const size_t bytes = std::min(size * count, message.size() - transfer->m_sent);
  std::memcpy(buffer, message.data() + transfer->m_sent, bytes);
  transfer->m_sent += bytes;
  return bytes;
}

void SmtpTransfer::finish(CURLcode code) noexcept {
  try {
    if (code == CURLE_OK) {
      m_done({});
      return;
    }
    ErrorKind kind = code == CURLE_OPERATION_TIMEDOUT ? ErrorKind::timeout : ErrorKind::network;
    // The refusal names the URL, which may carry the SMTP credentials: say only what happened.
    std::string detail = m_guard.refused(code) ? "connection refused by the address policy ([service] private_networks)"
                                               : curl_detail(code, m_error.data());
    m_done(fail(kind, fmt::format("sending mail via SMTP server {} failed: {}", server(), detail)));
  } catch (const std::exception& e) {
    spdlog::error("smtp completion handler threw server={} error={}", server(), e.what());
  }
}

/// Posts `error` to `done` so failures, like successes, arrive asynchronously.
template <class Handler>
void post_failure(boost::asio::io_context& io, Handler done, Error error) {
  boost::asio::post(io, [done = std::move(done), error = std::move(error)]() mutable noexcept {
    try {
      done(tl::unexpected<Error>(std::move(error)));
    } catch (const std::exception& e) {
      spdlog::error("transfer failure handler threw error={}", e.what());
    }
  });
}

}  // namespace

HttpClient::HttpClient(boost::asio::io_context& io) : m_multi(std::make_unique<CurlMulti>(io)) {}

HttpClient::~HttpClient() = default;

void HttpClient::start(HttpRequest request, HttpHandler done) {
  std::string url = request.url;
  auto transfer = std::make_unique<HttpTransfer>(std::move(request), done);
  if (!transfer->configure()) {
    post_failure(m_multi->io(), std::move(done), Error{ErrorKind::network, "cannot set up a transfer for " + url});
    return;
  }
  if (auto added = m_multi->add(std::move(transfer)); !added) {
    post_failure(m_multi->io(), std::move(done), Error{ErrorKind::network, added.error().message + " for " + url});
  }
}

void HttpClient::send_mail(SmtpRequest request, SmtpHandler done) {
  auto transfer = std::make_unique<SmtpTransfer>(std::move(request), done);
  if (!transfer->configure()) {
    std::string message = "cannot set up mail to SMTP server " + transfer->server() + " (no recipients or bad URL)";
    post_failure(m_multi->io(), std::move(done), Error{ErrorKind::config, std::move(message)});
    return;
  }
  if (auto added = m_multi->add(std::move(transfer)); !added) {
    post_failure(m_multi->io(), std::move(done), Error{ErrorKind::network, added.error().message});
  }
}

std::size_t HttpClient::active() const noexcept {
  return m_multi->active();
}

void HttpClient::cancel_all() noexcept {
  m_multi->cancel_all();
}

bool is_http_url(std::string_view url) {
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string scheme = ascii::lower(url.substr(0, colon));
  return scheme == "http" || scheme == "https";
}

}  // namespace newswatch
