#include <gtest/gtest.h>

#include "alerts/delivery.h"
#include "alerts/normalize.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::int64_t k_now = 1'700'000'000;  // Tue, 14 Nov 2023 22:13:20 UTC

Alert alert(std::int64_t id, std::string title, std::string summary = "A summary.") {
  Alert a;
  a.id = id;
  a.delivery_id = "0b7c6f1e-5d2a-4c3b-9e8f-" + std::string(12 - std::to_string(id).size(), '0') + std::to_string(id);
  a.watch = "russia-military";
  a.matched = {"North Korea", "Kursk"};
  a.item.site = "nkjournal";
  a.item.url = "https://menafn.com/" + std::to_string(id) + "/story";
  a.item.title = std::move(title);
  a.item.summary = std::move(summary);
  a.item.published = "2025-04-16";
  return a;
}

NotifierConfig mail_notifier() {
  NotifierConfig n;
  n.name = "analyst-mail";
  n.type = NotifierType::email;
  n.from = "newswatch@example.org";
  n.to = {"analyst@example.org", "desk@example.org"};
  return n;
}

struct Message {
  std::vector<std::string> header_lines;  ///< as sent, folding kept
  std::string body;                       ///< as sent (quoted-printable)
};

Message split(const std::string& message) {
  Message m;
  auto blank = message.find("\r\n\r\n");
  std::string head = message.substr(0, blank + 2);
  m.body = message.substr(blank + 4);
  for (std::size_t pos = 0; pos < head.size();) {
    auto end = head.find("\r\n", pos);
    m.header_lines.push_back(head.substr(pos, end - pos));
    pos = end + 2;
  }
  return m;
}

/// The unfolded value of header `name`, or "" when absent.
std::string header(const Message& m, const std::string& name) {
  std::string value;
  bool in_header = false;
  for (const auto& line : m.header_lines) {
    if (in_header && (line.starts_with(" ") || line.starts_with("\t"))) {
      value += line;
      continue;
    }
    in_header = line.starts_with(name + ": ");
    if (in_header) value = line.substr(name.size() + 2);
  }
  return value;
}

std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string out;
  int bits = 0, buffer = 0;
  for (char c : in) {
    if (value(c) < 0) continue;
    buffer = (buffer << 6) | value(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string qp_decode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.substr(i, 3) == "=\r\n") {
      i += 2;
    } else if (in[i] == '=') {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (in.substr(i, 2) == "\r\n") {
      out += '\n';
      ++i;
    } else {
      out += in[i];
    }
  }
  return out;
}

bool valid_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    if (decode_utf8(text, pos) == 0xFFFD) return false;
  }
  return true;
}

void expect_wire_safe(const std::string& message) {
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at byte " << i;
    }
    if (message[i] == '\r') {
      ASSERT_TRUE(i + 1 < message.size() && message[i + 1] == '\n') << "bare CR at byte " << i;
    }
  }
  Message m = split(message);
  for (const auto& line : m.header_lines) EXPECT_LE(line.size(), 78u) << line;
  for (std::size_t pos = 0; pos < m.body.size();) {
    auto end = std::min(m.body.find("\r\n", pos), m.body.size());
    EXPECT_LE(end - pos, 76u) << m.body.substr(pos, end - pos);
    for (std::size_t i = pos; i < end; ++i) EXPECT_LT(static_cast<unsigned char>(m.body[i]), 0x80u);
    pos = end + 2;
  }
}

TEST(Email, SingleAlert_HeadersPerRfc5322) {
  std::string message =
      build_email(mail_notifier(), {alert(42, "Russia Praises North Korea for Role in Kursk")}, k_now);
  expect_wire_safe(message);
  Message m = split(message);
  EXPECT_EQ(header(m, "From"), "newswatch@example.org");
  EXPECT_EQ(header(m, "To"), "analyst@example.org, desk@example.org");
  EXPECT_EQ(header(m, "Subject"), "[newswatch] russia-military: Russia Praises North Korea for Role in Kursk");
  EXPECT_EQ(header(m, "Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(header(m, "Message-ID"), "<newswatch-0b7c6f1e-5d2a-4c3b-9e8f-000000000042@newswatch>");
  EXPECT_EQ(header(m, "MIME-Version"), "1.0");
  EXPECT_EQ(header(m, "Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(header(m, "Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(header(m, "X-Newswatch-Delivery"), "0b7c6f1e-5d2a-4c3b-9e8f-000000000042");
}

TEST(Email, SingleAlert_BodyListsTheItem) {
  std::string message =
      build_email(mail_notifier(), {alert(42, "Russia Praises North Korea", "Gerasimov\u2019s thanks")}, k_now);
  std::string body = qp_decode(split(message).body);
  EXPECT_EQ(body,
            "Russia Praises North Korea\n"
            "https://menafn.com/42/story\n"
            "Site: nkjournal | Published: 2025-04-16 | Watch: russia-military\n"
            "Matched: North Korea, Kursk\n"
            "\n"
            "Gerasimov\u2019s thanks\n"
            "\n-- \nnewswatch\n");
}

TEST(Email, NonAsciiSubject_EncodedWordsOnCharacterBoundaries) {
  std::string title =
      "N. Korea\u2019s President Misses Grandfather\u2019s Visit \ubd81\ud55c \ub7ec\uc2dc\uc544 \u00e9t\u00e9";
  std::string message = build_email(mail_notifier(), {alert(5, title)}, k_now);
  expect_wire_safe(message);
  Message m = split(message);
  std::string folded = header(m, "Subject");
  std::string decoded;
  std::size_t words = 0;
  for (std::size_t pos = folded.find("=?UTF-8?B?"); pos != std::string::npos; pos = folded.find("=?UTF-8?B?", pos)) {
    auto end = folded.find("?=", pos + 10);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - pos, 75u);  // RFC 2047: an encoded-word is at most 75 characters
    std::string chunk = base64_decode(std::string_view(folded).substr(pos + 10, end - pos - 10));
    EXPECT_TRUE(valid_utf8(chunk)) << "chunk split a character";
    decoded += chunk;
    pos = end + 2;
    ++words;
  }
  EXPECT_GT(words, 1u);
  EXPECT_EQ(decoded, "[newswatch] russia-military: " + title);
}

TEST(Email, Digest_SubjectCountsAndBodyListsEveryAlert) {
  std::vector<Alert> alerts = {alert(1, "First"), alert(2, "Second"), alert(3, "Third")};
  std::string message = build_email(mail_notifier(), alerts, k_now);
  expect_wire_safe(message);
  Message m = split(message);
  EXPECT_EQ(header(m, "Subject"), "[newswatch] 3 new matches");
  EXPECT_EQ(header(m, "Message-ID"), "<newswatch-0b7c6f1e-5d2a-4c3b-9e8f-000000000001-n3@newswatch>");
  EXPECT_EQ(header(m, "X-Newswatch-Delivery"),
            "0b7c6f1e-5d2a-4c3b-9e8f-000000000001, 0b7c6f1e-5d2a-4c3b-9e8f-000000000002, "
            "0b7c6f1e-5d2a-4c3b-9e8f-000000000003");
  std::string body = qp_decode(m.body);
  EXPECT_TRUE(body.starts_with("3 new matches\n\n1. First\n   https://menafn.com/1/story\n")) << body;
  EXPECT_NE(body.find("\n3. Third\n   https://menafn.com/3/story\n"), std::string::npos) << body;
}

TEST(Email, LargeDigest_HeadersStayShort) {
  std::vector<Alert> alerts;
  for (int i = 100; i < 160; ++i) alerts.push_back(alert(i, "Item"));
  Message m = split(build_email(mail_notifier(), alerts, k_now));
  EXPECT_EQ(header(m, "Message-ID"), "<newswatch-0b7c6f1e-5d2a-4c3b-9e8f-000000000100-n60@newswatch>");
  std::string ids = header(m, "X-Newswatch-Delivery");
  EXPECT_TRUE(ids.starts_with("0b7c6f1e-5d2a-4c3b-9e8f-000000000100, ")) << ids;
  EXPECT_TRUE(ids.ends_with(", 0b7c6f1e-5d2a-4c3b-9e8f-000000000159")) << ids;
  for (const auto& line : m.header_lines) EXPECT_LE(line.size(), 78u) << line;
}

TEST(Email, LongUtf8Summary_QuotedPrintableRoundTrips) {
  std::string summary;
  for (int i = 0; i < 300; ++i) summary += "\u201cmutual trust\u201d = ";
  std::string message = build_email(mail_notifier(), {alert(9, "Title", summary)}, k_now);
  expect_wire_safe(message);
  EXPECT_NE(qp_decode(split(message).body).find(summary), std::string::npos);
}

TEST(Email, LineBreakInTitle_CannotInjectHeader) {
  std::string message = build_email(mail_notifier(), {alert(9, "Title\r\nBcc: victim@example.org")}, k_now);
  for (const auto& line : split(message).header_lines) EXPECT_FALSE(line.starts_with("Bcc:")) << line;
}

TEST(EmailFlood, SummaryAlert_ListsHowManyMoreMatchedAndTheirLinks) {
  Alert flood = alert(7, "Kursk report number 0");
  flood.also_count = 24;
  flood.also = {{"Kursk report number 1", "https://news.example/kursk-1/"}};
  std::string message = qp_decode(split(build_email(mail_notifier(), {flood}, k_now)).body);
  EXPECT_NE(message.find("...and 24 more new items matched this watch in the same crawl"), std::string::npos)
      << message;
  EXPECT_NE(message.find("- Kursk report number 1"), std::string::npos) << message;
  EXPECT_NE(message.find("https://news.example/kursk-1/"), std::string::npos) << message;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
