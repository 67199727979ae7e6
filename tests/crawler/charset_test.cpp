// Charset: detection order (BOM, header, meta, detection; charset_detect_test.cpp has the detection),
// conversion of legacy encodings, UTF-8 repair, HTML checks.
#include "crawler/charset.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const std::string k_fffd = "\xEF\xBF\xBD";

struct DecodeCase {
  const char* what;
  std::string body;
  std::string content_type;
  std::string expected;
};

TEST(Charset_ToUtf8, Table) {
  const DecodeCase cases[] = {
      {"latin-1 header (read as windows-1252)", "caf\xE9", "text/html; charset=ISO-8859-1", "caf\xC3\xA9"},
      {"latin-1 label gets windows-1252 quotes", "\x93hi\x94", "text/html; charset=iso-8859-1",
       "\xE2\x80\x9Chi\xE2\x80\x9D"},
      {"windows-1252 quoted header value", "\x80 5", "text/html; charset=\"windows-1252\"", "\xE2\x82\xAC 5"},
      {"EUC-KR header", "\xB1\xE8\xC1\xA4\xC0\xBA", "text/html;charset=EUC-KR", "\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80"},
      {"EUC-KR meta charset", "<meta charset=\"euc-kr\"><p>\xB1\xE8", "text/html",
       "<meta charset=\"euc-kr\"><p>\xEA\xB9\x80"},
      {"EUC-KR meta http-equiv", "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=EUC-KR\">\xB1\xE8", "",
       "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=EUC-KR\">\xEA\xB9\x80"},
      {"header beats meta", "<meta charset=euc-kr>\xE9", "text/html; charset=latin1", "<meta charset=euc-kr>\xC3\xA9"},
      {"windows-1252 meta", "<meta charset='windows-1252'>\x96", "", "<meta charset='windows-1252'>\xE2\x80\x93"},
      {"no declaration: UTF-8", "\xEB\xB6\x81\xED\x95\x9C", "text/html", "\xEB\xB6\x81\xED\x95\x9C"},
      {"UTF-8 BOM stripped", "\xEF\xBB\xBF<p>x", "text/html; charset=utf-8", "<p>x"},
      {"BOM beats header", "\xEF\xBB\xBF\xC3\xA9", "text/html; charset=iso-8859-1", "\xC3\xA9"},
      {"UTF-16LE BOM", std::string("\xFF\xFE<\0p\0>\0", 8), "text/html", "<p>"},
      {"meta claiming UTF-16 means UTF-8", "<meta charset=utf-16>\xC3\xA9", "", "<meta charset=utf-16>\xC3\xA9"},
      {"unknown label falls back to UTF-8", "<p>\xC3\xA9", "text/html; charset=x-no-such-thing", "<p>\xC3\xA9"},
      {"invalid UTF-8 repaired, page kept",
       "a\xFF"
       "b",
       "text/html; charset=utf-8", "a" + k_fffd + "b"},
      {"bad byte in EUC-KR replaced", "\xB1\xE8\xFF\xB1\xE8", "text/html; charset=euc-kr",
       "\xEA\xB9\x80" + k_fffd + "\xEA\xB9\x80"},
      {"truncated EUC-KR at the end", "\xB1\xE8\xB1", "text/html; charset=euc-kr", "\xEA\xB9\x80" + k_fffd},
      // Undeclared and not UTF-8: two bytes are too few for ICU to be sure of anything, so windows-1252.
      {"meta beyond 1024 bytes ignored", std::string(1100, ' ') + "<meta charset=euc-kr>\xB1\xE8", "",
       std::string(1100, ' ') + "<meta charset=euc-kr>\xC2\xB1\xC3\xA8"},
  };
  for (const DecodeCase& c : cases) EXPECT_EQ(to_utf8(c.body, c.content_type), c.expected) << c.what;
}

struct RepairCase {
  std::string in;
  std::string out;
};

TEST(Charset_RepairUtf8, MaximalSubpartsBecomeOneReplacementEach) {
  const RepairCase cases[] = {
      {"plain ascii", "plain ascii"},
      {"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"},  // valid 2, 3, 4 bytes
      {"\xC0\xAF", k_fffd + k_fffd},                                                     // overlong '/'
      {"\xED\xA0\x80", k_fffd + k_fffd + k_fffd},                                        // surrogate
      {"\xF4\x90\x80\x80", k_fffd + k_fffd + k_fffd + k_fffd},                           // above U+10FFFF
      {"\xE2\x82"
       "x",
       k_fffd + "x"},                 // truncated 3-byte
      {"\xF0\x9F\x98", k_fffd},       // truncated at end
      {"\x80\x80", k_fffd + k_fffd},  // lone continuations
      {std::string("a\0b", 3), std::string("a\0b", 3)},
  };
  for (const RepairCase& c : cases) EXPECT_EQ(repair_utf8(c.in), c.out) << "input size " << c.in.size();
}

TEST(Charset_Detect, LabelsMapLikeBrowsers) {
  EXPECT_EQ(detect_charset("", "text/html; charset=US-ASCII"), "CP1252");
  EXPECT_EQ(detect_charset("", "text/html; charset=ks_c_5601-1987"), "CP949");
  EXPECT_EQ(detect_charset("", "text/html; charset=Shift_JIS"), "CP932");
  EXPECT_EQ(detect_charset("", "text/html; charset=gb2312"), "GB18030");
  EXPECT_EQ(detect_charset("<html>", ""), "UTF-8");
  EXPECT_EQ(charset_from_content_type("text/html; Charset = \"UTF-8\" ; q=1"), "utf-8");
  EXPECT_EQ(sniff_meta_charset("<head><meta name=x><meta charset=Big5></head>"), "big5");
}

struct HtmlCase {
  const char* content_type;
  const char* body;
  bool html;
};

TEST(Charset_LooksLikeHtml, Table) {
  const HtmlCase cases[] = {
      {"text/html", "", true},
      {"text/html; charset=utf-8", "%PDF", true},  // the header is believed
      {"Application/XHTML+XML", "<?xml", true},
      {"application/pdf", "%PDF-1.7", false},
      {"image/png", "\x89PNG", false},
      {"application/octet-stream", "<html>", false},
      {"application/json", "{}", false},
      {"", "<!DOCTYPE html><html>", true},
      {"", "\xEF\xBB\xBF  \n<html lang=en>", true},
      {"", "<!-- comment -->", true},
      {"", "<p>hi", true},
      {"", "%PDF-1.4", false},
      {"", "<pre", false},  // "<p" must be followed by space or '>'
      {"", "", false},
  };
  for (const HtmlCase& c : cases) {
    EXPECT_EQ(looks_like_html(c.content_type, c.body), c.html) << "type=" << c.content_type << " body=" << c.body;
  }
}

TEST(Charset_RequireHtml, NamesTheRejectedContentType) {
  const Result<void> pdf = require_html("application/pdf; name=x.pdf", "%PDF");
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().kind, ErrorKind::parse);
  EXPECT_NE(pdf.error().message.find("application/pdf"), std::string::npos) << pdf.error().message;
  EXPECT_TRUE(require_html("text/html", ""));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
