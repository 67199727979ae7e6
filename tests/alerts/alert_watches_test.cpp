// An alert standing for several watches names them all in every format, and a
// test alert (`newswatch alerts test`) is marked as one in every format.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "alerts/delivery.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Alert two_watch_alert() {
  Alert alert;
  alert.delivery_id = "0b7c6f1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f";
  alert.watch = "israel";
  alert.also_watches = {"plenum"};
  alert.notifier = "hook";
  alert.matched = {"Israel", "plenum"};
  alert.item.site = "nknews";
  alert.item.url = "https://www.nknews.org/2021/06/x/";
  alert.item.title = "Plenum on Israel";
  return alert;
}

NotifierConfig webhook(WebhookFormat format) {
  NotifierConfig n;
  n.name = "hook";
  n.url = "https://hooks.example.org/newswatch";
  n.format = format;
  return n;
}

NotifierConfig mail() {
  NotifierConfig n;
  n.name = "mail";
  n.type = NotifierType::email;
  n.from = "newswatch@example.org";
  n.to = {"analyst@example.org"};
  return n;
}

TEST(AlertWatches, JsonBody_KeepsTheFirstWatch_AndListsEvery) {
  auto body = nlohmann::json::parse(build_webhook(webhook(WebhookFormat::json), two_watch_alert(), "1").body);
  EXPECT_EQ(body["watch"], "israel");
  EXPECT_EQ(body["watches"], nlohmann::json::array({"israel", "plenum"}));
  EXPECT_FALSE(body.contains("test"));
}

TEST(AlertWatches, JsonBody_OneWatch_HasNoWatchesKey) {
  Alert alert = two_watch_alert();
  alert.also_watches.clear();
  auto body = nlohmann::json::parse(build_webhook(webhook(WebhookFormat::json), alert, "1").body);
  EXPECT_FALSE(body.contains("watches")) << "DESIGN.md's body, unchanged";
}

TEST(AlertWatches, SlackAndDiscord_NameBothWatches) {
  auto slack = nlohmann::json::parse(build_webhook(webhook(WebhookFormat::slack), two_watch_alert(), "1").body);
  EXPECT_EQ(slack["text"].get<std::string>().rfind("[israel, plenum] Plenum on Israel", 0), 0u) << slack.dump();
  EXPECT_NE(slack.dump().find("watches israel, plenum"), std::string::npos) << slack.dump();
  auto discord = nlohmann::json::parse(build_webhook(webhook(WebhookFormat::discord), two_watch_alert(), "1").body);
  EXPECT_EQ(discord["content"], "[israel, plenum] Plenum on Israel");
  EXPECT_EQ(discord["embeds"][0]["footer"]["text"], "newswatch · israel, plenum");
}

TEST(AlertWatches, Email_SubjectAndBodyNameBothWatches) {
  std::string message = build_email(mail(), {two_watch_alert()}, 1'700'000'000);
  EXPECT_NE(message.find("Subject: [newswatch] israel, plenum: Plenum on Israel\r\n"), std::string::npos) << message;
  EXPECT_NE(message.find("Watches: israel, plenum"), std::string::npos) << message;
}

TEST(AlertWatches, TestAlert_IsMarkedInEveryFormat) {
  Alert alert = two_watch_alert();
  alert.also_watches.clear();
  alert.test = true;
  auto json = nlohmann::json::parse(build_webhook(webhook(WebhookFormat::json), alert, "1").body);
  EXPECT_EQ(json["test"], true);
  auto slack = nlohmann::json::parse(build_webhook(webhook(WebhookFormat::slack), alert, "1").body);
  EXPECT_EQ(slack["text"].get<std::string>().rfind("[newswatch test] ", 0), 0u) << slack.dump();
  auto discord = nlohmann::json::parse(build_webhook(webhook(WebhookFormat::discord), alert, "1").body);
  EXPECT_EQ(discord["content"].get<std::string>().rfind("[newswatch test] ", 0), 0u) << discord.dump();
  std::string message = build_email(mail(), {alert}, 1'700'000'000);
  EXPECT_NE(message.find("Subject: [newswatch test] israel: Plenum on Israel\r\n"), std::string::npos) << message;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
