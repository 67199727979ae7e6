// Matrix client-server API, sending a room message
// (spec: PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}). The
// transaction id is the alert's delivery id: a homeserver that already took
// that transaction answers with the same event instead of posting it twice, so
// a retry after a lost answer is idempotent. The event is m.text with a plain
// `body` and an org.matrix.custom.html `formatted_body`.

#include <nlohmann/json.hpp>

#include "alerts/chat_message.h"
#include "alerts/notify_channels.h"

namespace newswatch {
namespace {

// Events are limited to 65536 bytes of JSON; two copies of the text plus escaping stay well inside this.
constexpr std::size_t k_matrix_text_limit = 16000;
constexpr std::size_t k_matrix_title_units = 512;

}  // namespace

std::string encode_path_segment(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0x0F];
    }
  }
  return out;
}

WebhookRequest build_matrix(const NotifierConfig& notifier, const Alert& alert) {
  nlohmann::ordered_json body;
  body["msgtype"] = "m.text";
  body["body"] = notification_title(alert, k_matrix_title_units) + "\n" + plain_message(alert, k_matrix_text_limit);
  body["format"] = "org.matrix.custom.html";
  body["formatted_body"] = html_message(alert, k_matrix_text_limit);
  WebhookRequest request;
  request.method = "PUT";
  request.url = notifier.homeserver + "/_matrix/client/v3/rooms/" + encode_path_segment(notifier.room) +
                "/send/m.room.message/" + encode_path_segment(alert.delivery_id);
  request.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  request.headers = {"Content-Type: application/json", "Authorization: Bearer " + notifier.token};
  return request;
}

}  // namespace newswatch
