// The JSON decoder's fast path (decodeText) against its simdjson path (decodeRow): a
// record the fast path accepts must come out exactly as the DOM path decodes it, and a
// record it leaves must leave no trace.

#include <gtest/gtest.h>

#include <random>

#include "io_test_util.h"
#include "spate/io/json_dom.h"

namespace spate {
namespace {

struct Decoded {
  bool fast = false;  // the fast path took the record
  std::string row;  // the DOM path's row, or "malformed: reason"
};

std::string rowOf(const std::vector<ColumnPtr>& cols, const Schema& schema, int64_t row) {
  std::string out;
  for (size_t c = 0; c < cols.size(); ++c) {
    if (c) out += "|";
    out += cols[c]->valueAt(row).toString(*schema.field(c).type);
  }
  return out;
}

// Decodes record both ways. The text is followed by padding of digits and braces, so a
// read past its end that counted them would show.
Decoded decodeBoth(const std::string& ddl, const std::string& record) {
  const Schema schema = Schema::fromDDL(ddl).value();
  const JsonReadOptions o = JsonReadOptions::parse(Options{}).value();
  Decoded d;
  JsonRecordDecoder fast(o, schema.fields(), {});
  const std::string padded = record + std::string(64, '7') + "}";
  d.fast = fast.decodeText(std::string_view(padded.data(), record.size()));
  EXPECT_EQ(fast.rows(), d.fast ? 1 : 0) << record;

  JsonRecordDecoder dom(o, schema.fields(), {});
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string reason;
  if (auto err = parser.parse(record).get(doc)) {
    d.row = std::string("malformed: ") + simdjson::error_message(err);
  } else if (doc.type() != simdjson::dom::element_type::OBJECT) {
    d.row = "malformed: not an object";
  } else if (!dom.decodeRow(jsonObject(doc), reason)) {
    d.row = "malformed: " + reason;
  } else {
    d.row = rowOf(dom.finish(), schema, 0);
  }
  if (d.fast) {
    EXPECT_EQ(rowOf(fast.finish(), schema, 0), d.row) << record;
  } else {
    // What the fast path began must be gone: the next record decodes cleanly.
    const std::string nulls = "{}" + std::string(64, ' ');
    EXPECT_TRUE(fast.decodeText(std::string_view(nulls.data(), 2)));
    std::string expected;
    for (size_t c = 0; c < schema.size(); ++c) expected += c ? "|null" : "null";
    EXPECT_EQ(rowOf(fast.finish(), schema, 0), expected) << record;
  }
  return d;
}

constexpr const char* kBid =
    "event_type INT, bid STRUCT<auction: BIGINT, bidder: BIGINT, price: BIGINT, channel: STRING, url: STRING, "
    "dateTime: TIMESTAMP, extra: STRING>, dateTime TIMESTAMP";

TEST(JsonTextDecode, CompactRecordsTakeTheFastPath) {
  Decoded d = decodeBoth(kBid,
                         R"({"event_type":2,"bid":{"auction":1008,"bidder":1001,"price":25743390,"channel":"channel-9935",)"
                         R"("url":"https://www.nexmark.com/_gow/g_nw/tfg/item.htm?query=1&channel_id=211550208",)"
                         R"("dateTime":"2015-07-15T00:00:00.000Z","extra":"yutidbjfg"},"dateTime":"2015-07-15T00:00:00.000Z"})");
  EXPECT_TRUE(d.fast);
  EXPECT_EQ(d.row,
            "2|{1008, 1001, 25743390, channel-9935, "
            "https://www.nexmark.com/_gow/g_nw/tfg/item.htm?query=1&channel_id=211550208, 2015-07-15 00:00:00, "
            "yutidbjfg}|2015-07-15 00:00:00");
}

TEST(JsonTextDecode, AnyKeyOrderWhitespaceAndUnknownKeys) {
  for (const char* record : {
           R"( { "dateTime" : "2015-07-15T00:00:01Z" ,	"bid":{ "price":-5 } , "event_type":2 } )",
           R"({"bid":null,"event_type":null})",
           R"({"other":{"a":[1,2.5,{"b":[]},"x",true,false,null],"c":{}},"event_type":7,"more":[[[]]]})",
           R"({"bid":{"extra":"","channel":"a b","unknown":-0.5,"price":0},"x":"\u00e9"})",
           R"({})",
           "{\"bid\":{\"channel\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbf\"}}",  // UTF-8
       }) {
    Decoded d = decodeBoth(kBid, record);
    EXPECT_TRUE(d.fast || std::string(record).find("\\u") != std::string::npos) << record;
    EXPECT_EQ(d.row.rfind("malformed", 0), std::string::npos) << record << " " << d.row;
  }
}

// Every one of these is left to the DOM path, which decodes or rejects it.
TEST(JsonTextDecode, LeavesWhatItDoesNotHandleExactly) {
  for (const char* record : {
           R"({"bid":{"channel":"a\"b"}})",  // escapes
           R"({"bid":{"channel":"caf\u00e9"}})",
           "{\"bid\":{\"channel\":\"a\tb\"}}",  // a raw control byte
           R"({"event_type":1,"event_type":2})",  // a repeated key: the last counts
           R"({"bid":{"price":1},"bid":{"bidder":2}})",
           R"({"event_type":1e2})",  // exponents, fractions, long and odd integers
           R"({"event_type":1.0})",
           R"({"bid":{"price":12345678901234567}})",
           R"({"bid":{"price":-0}})",
           R"({"bid":{"price":007}})",
           R"({"event_type":3000000000})",  // out of the column's range
           R"({"bid":{"channel":5}})",  // a number for a string: Spark keeps its text
           R"({"bid":{"channel":{"a":1}}})",
           R"({"dateTime":"yesterday"})",  // no timestamp
           R"({"dateTime":1436918400})",  // seconds, a number
           R"({"x":1e5})",  // skipped, but exponents are still left
           R"([{"event_type":1}])",  // an array of records
           R"({"event_type":1} x)",  // malformed
           R"({"event_type":1,})",
           R"({"event_type" 1})",
           R"({"event_type":1 "bid":null})",
           R"({"event_type":tru})",
           R"({"bid":nul})",
           R"({"bid":{"channel":"x})",
           R"({"bid":{"price":12)",  // cut short: the padding's digits must not count
           R"({"bid":{"price":12}, )",
           R"({"x":[1,]})",
           R"({"x":{"a"}})",
           R"({"x":01})",
           R"({"x":-})",
           R"({"x":1.})",
       }) {
    Decoded d = decodeBoth(kBid, record);
    EXPECT_FALSE(d.fast) << record;
  }
}

// A field whose name a key spells with escapes, or cannot hold unescaped, is matched
// by the DOM path alone.
TEST(JsonTextDecode, NamesThatKeysSpellOtherwise) {
  EXPECT_EQ(decodeBoth("`a\\b` INT", R"({"a\b":1})").row, "null");  // the key is a, backspace
  EXPECT_EQ(decodeBoth("`a\bb` INT", R"({"a\bb":1})").row, "1");
  EXPECT_FALSE(decodeBoth("`a\"b` INT", R"({"a"b":1})").fast);
  EXPECT_EQ(decodeBoth("`a\"b` INT", R"({"a\"b":1})").row, "1");
  EXPECT_EQ(decodeBoth("`é` INT", "{\"\xc3\xa9\":1}").row, "1");
}

// Strings of any bytes: the fast path takes exactly the well-formed UTF-8 that simdjson
// takes (decodeBoth fails on a row it took that simdjson rejects).
TEST(JsonTextDecode, Utf8AsSimdjsonChecksIt) {
  for (const char* bad : {"\xc3", "\xc3(", "\x80", "\xbf", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\x9f\xbf",
                          "\xed\xa0\x80", "\xed\xbf\xbf", "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
                          "\xff", "\xe2\x82", "\xf0\x9f\x98"}) {
    const std::string record = std::string("{\"a\":\"x") + bad + "\"}";
    Decoded d = decodeBoth("a STRING", record);
    EXPECT_FALSE(d.fast) << ::testing::PrintToString(record);
    EXPECT_EQ(d.row.rfind("malformed", 0), 0u) << ::testing::PrintToString(record);
  }
  std::mt19937_64 rng(7);
  int taken = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string value;
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int j = 0; j < n; ++j) {
      const uint64_t r = rng();
      // Mostly bytes that lead or continue sequences, some ASCII.
      value += static_cast<char>(r % 4 == 0 ? 'a' + r % 26 : 0x80 + (r >> 8) % 0x80);
    }
    Decoded d = decodeBoth("a STRING", "{\"a\":\"" + value + "\"}");
    taken += d.fast;
  }
  EXPECT_GT(taken, 100);  // some random strings are well-formed, and those the fast path takes
}

TEST(JsonTextDecode, NumbersMatchSimdjson) {
  std::mt19937_64 rng(42);
  const std::string ddl = "l BIGINT, i INT, s SMALLINT, b TINYINT, d DOUBLE, f FLOAT, t BOOLEAN";
  for (int k = 0; k < 2000; ++k) {
    const int digits = 1 + static_cast<int>(rng() % 16);
    std::string l = (rng() % 2 ? "-" : "") + std::to_string(1 + rng() % 9);
    for (int j = 1; j < digits; ++j) l += static_cast<char>('0' + rng() % 10);
    const auto i = static_cast<int32_t>(rng());
    const auto s = static_cast<int16_t>(rng());
    const auto b = static_cast<int8_t>(rng());
    std::string d = std::to_string(static_cast<int64_t>(rng() % 100000) - 50000) + "." +
                    std::to_string(rng() % 1000000000);
    std::string f = std::to_string(rng() % 1000) + "." + std::to_string(rng() % 100000);
    std::string record = "{\"l\":" + l + ",\"i\":" + std::to_string(i) + ",\"s\":" + std::to_string(s) +
                         ",\"b\":" + std::to_string(b) + ",\"d\":" + d + ",\"f\":" + f +
                         ",\"t\":" + (k % 2 ? "true" : "false") + "}";
    Decoded r = decodeBoth(ddl, record);
    EXPECT_TRUE(r.fast) << record;
  }
  for (const char* record : {R"({"l":0,"d":0,"f":-7})", R"({"l":9999999999999999,"d":-1234567890123456})",
                             R"({"l":-9999999999999999,"d":0.1,"f":0.1})", R"({"l":12345678,"d":0.000001})"}) {
    EXPECT_TRUE(decodeBoth(ddl, record).fast) << record;
  }
}

// A file mixing records the fast path takes and ones it leaves reads as the DOM path
// alone would, however the reader switches between them.
TEST(JsonTextDecode, ReaderMixesBothPaths) {
  testing::TempDir dir;
  std::string text;
  int64_t expected = 0;
  for (int k = 0; k < 20000; ++k) {
    // Mostly escaped at first (the fast path gives up), plain later (it comes back).
    const bool escaped = k < 10000 ? k % 4 != 0 : k % 50 == 0;
    text += escaped ? R"({"a":"x\ty","n":)" : R"({"a":"xy","n":)";
    text += std::to_string(k) + "}\n";
    expected += k;
  }
  std::vector<std::string> rows = testing::readRows("json", dir.write("mixed.json", text), "a STRING, n BIGINT", {});
  ASSERT_EQ(rows.size(), 20000u);
  int64_t sum = 0;
  for (size_t k = 0; k < rows.size(); ++k) {
    const bool escaped = k < 10000 ? k % 4 != 0 : k % 50 == 0;
    EXPECT_EQ(rows[k], (escaped ? "x\ty|" : "xy|") + std::to_string(k));
    sum += std::stoll(rows[k].substr(rows[k].find('|') + 1));
  }
  EXPECT_EQ(sum, expected);
}

}  // namespace
}  // namespace spate
