// Operator alerts (alerts/operator_alert.h) in every format: clearly of another kind than news.

#include "alerts/operator_alert.h"

#include <gtest/gtest.h>

#include "alerts/delivery.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Alert degraded_alert() {
  Alert alert;
  alert.id = 7;
  alert.delivery_id = "d-1";
  alert.watch = "operator";
  alert.notifier = "ops";
  alert.health = HealthEvent{"nknews", "healthy", "degraded", "no items on a 200 page <b>", 1'755'000'000};
  alert.item.site = "nknews";
  alert.item.title = describe(*alert.health);
  return alert;
}

NotifierConfig hook(WebhookFormat format) {
  NotifierConfig n;
  n.name = "ops";
  n.url = "https://hooks.example.org/ops";
  n.format = format;
  return n;
}

TEST(OperatorAlert, JsonBody_IsASiteHealthEvent) {
  WebhookRequest request = build_webhook(hook(WebhookFormat::json), degraded_alert(), "1.0");
  auto body = nlohmann::json::parse(request.body);
  EXPECT_EQ(body["event"], "site.health");
  EXPECT_EQ(body["kind"], "site_health");
  EXPECT_EQ(body["site"], "nknews");
  EXPECT_EQ(body["from"], "healthy");
  EXPECT_EQ(body["to"], "degraded");
  EXPECT_EQ(body["reason"], "no items on a 200 page <b>");
  EXPECT_EQ(body["at"], "2025-08-12T12:00:00Z");
  EXPECT_FALSE(body.contains("item"));
  EXPECT_NE(std::find(request.headers.begin(), request.headers.end(), "X-Newswatch-Event: site.health"),
            request.headers.end());
}

TEST(OperatorAlert, NetworkEvent_HasANullSite) {
  Alert alert = degraded_alert();
  alert.health = HealthEvent{"", "up", "down", "all 2 sites fail without an HTTP answer", 1'755'000'000};
  auto body = nlohmann::json::parse(build_webhook(hook(WebhookFormat::json), alert, "1.0").body);
  EXPECT_TRUE(body["site"].is_null());
  EXPECT_EQ(body["text"], "network down: all 2 sites fail without an HTTP answer");
}

TEST(OperatorAlert, SlackAndDiscord_AreOneTaggedLine) {
  auto slack = nlohmann::json::parse(build_webhook(hook(WebhookFormat::slack), degraded_alert(), "1.0").body);
  EXPECT_EQ(slack["text"], "[newswatch health] site nknews degraded: no items on a 200 page &lt;b&gt;");
  auto discord = nlohmann::json::parse(build_webhook(hook(WebhookFormat::discord), degraded_alert(), "1.0").body);
  EXPECT_EQ(discord["content"], "[newswatch health] site nknews degraded: no items on a 200 page <b>");
}

TEST(OperatorAlert, Email_SubjectAndBodySayWhatChanged) {
  NotifierConfig mail;
  mail.name = "ops";
  mail.type = NotifierType::email;
  mail.from = "nw@example.org";
  mail.to = {"ops@example.org"};
  std::string message = build_email(mail, {degraded_alert()}, 1'755'000'000);
  EXPECT_NE(message.find("Subject: [newswatch health] site nknews degraded: no items on a 200 page"), std::string::npos)
      << message;
  EXPECT_NE(message.find("From: healthy"), std::string::npos) << message;
  EXPECT_NE(message.find("To: degraded"), std::string::npos) << message;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
