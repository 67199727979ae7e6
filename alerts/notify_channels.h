#pragma once
// The chat and push services, each a pure function from (notifier, alert) to
// the HTTP request its API documents, sent through the same outbox and
// Dispatcher as webhooks (alerts/send_request.h). One file per service:
// notify_ntfy.cpp, notify_telegram.cpp, notify_matrix.cpp, notify_gotify.cpp,
// notify_apprise.cpp. Their texts come from alerts/chat_message.h.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "alerts/delivery.h"
#include "config/alert.h"
#include "config/config.h"

namespace newswatch {

/// ntfy: POST {url} (the topic URL), the plain message as the body; Title, Tags, Click, Priority and
/// Markdown headers (non-ASCII values as RFC 2047 encoded-words); Bearer `token` or Basic username/password.
WebhookRequest build_ntfy(const NotifierConfig& notifier, const Alert& alert);

/// Telegram Bot API: POST {api_url}/bot{token}/sendMessage with JSON chat_id, text (HTML, at most 4096
/// UTF-16 units), parse_mode "HTML" and message_thread_id when thread_id is set.
WebhookRequest build_telegram(const NotifierConfig& notifier, const Alert& alert);

/// Matrix client-server API: PUT {homeserver}/_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId},
/// txnId = the delivery id (a retry is the same transaction), Bearer `token`, m.text with an HTML formatted_body.
WebhookRequest build_matrix(const NotifierConfig& notifier, const Alert& alert);

/// Gotify: POST {url}/message with X-Gotify-Key, JSON title, message (markdown), priority and the click URL.
WebhookRequest build_gotify(const NotifierConfig& notifier, const Alert& alert);

/// Apprise API (stateless): POST {url} with JSON urls (the targets), title, body, type and format "markdown".
WebhookRequest build_apprise(const NotifierConfig& notifier, const Alert& alert);

/// `text` percent-encoded for one URL path segment (everything but RFC 3986 unreserved characters).
std::string encode_path_segment(std::string_view text);

/// A wait the service asked for in its answer's JSON body rather than a Retry-After header: Telegram's
/// {"parameters":{"retry_after":N}}, Matrix's {"retry_after_ms":N} (rounded up). nullopt otherwise.
std::optional<std::chrono::seconds> retry_after_in_body(NotifierType type, std::string_view body);

}  // namespace newswatch
