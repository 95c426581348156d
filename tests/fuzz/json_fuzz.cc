// libFuzzer target for the JSON record decoder: the fast path (decodeText) against
// simdjson's DOM path on the same record. The first byte picks a read schema, the rest
// is the record's text. Besides crashes and sanitizer reports, a record the fast path
// takes must be one the DOM path takes, decoded to the same row. Built and run by
// scripts/fuzz.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "spate/io/json_dom.h"

namespace {

const char* const kSchemas[] = {
    "a BIGINT, b STRING, c DOUBLE, d BOOLEAN, e TIMESTAMP",
    "a INT, s STRUCT<x: SMALLINT, y: TINYINT, z: STRUCT<w: STRING>>, t ARRAY<BIGINT>",
    "event_type INT, bid STRUCT<auction: BIGINT, price: BIGINT, channel: STRING, url: STRING, dateTime: TIMESTAMP>",
    "f FLOAT, m MAP<STRING, INT>, `a\"b` STRING, `\xc3\xa9` BIGINT",
};

std::string rowOf(const std::vector<spate::ColumnPtr>& cols, const spate::Schema& schema) {
  std::string out;
  for (size_t c = 0; c < cols.size(); ++c) out += cols[c]->valueAt(0).toString(*schema.field(c).type) + "|";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const spate::JsonReadOptions options = spate::JsonReadOptions::parse(spate::Options{}).value();
  const spate::Schema schema = spate::Schema::fromDDL(kSchemas[data[0] % std::size(kSchemas)]).value();
  const std::string record(reinterpret_cast<const char*>(data) + 1, size - 1);
  // Exactly the padding the reader guarantees, in an allocation of its own so that the
  // sanitizer sees a read past it, of bytes that would change the answer if they were
  // read as the record's.
  constexpr size_t kPadding = 64;
  std::unique_ptr<char[]> padded(new char[record.size() + kPadding]);
  std::memcpy(padded.get(), record.data(), record.size());
  std::memset(padded.get() + record.size(), '7', kPadding - 1);
  padded[record.size() + kPadding - 1] = '}';

  spate::JsonRecordDecoder fast(options, schema.fields(), {});
  if (!fast.decodeText(std::string_view(padded.get(), record.size()))) return 0;

  spate::JsonRecordDecoder dom(options, schema.fields(), {});
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string reason;
  if (parser.parse(record).get(doc) || doc.type() != simdjson::dom::element_type::OBJECT ||
      !dom.decodeRow(spate::jsonObject(doc), reason)) {
    std::fprintf(stderr, "the fast path took a record the DOM path rejects: %s\n", reason.c_str());
    std::abort();
  }
  const std::string fastRow = rowOf(fast.finish(), schema), domRow = rowOf(dom.finish(), schema);
  if (fastRow != domRow) {
    std::fprintf(stderr, "rows differ:\n fast: %s\n  dom: %s\n", fastRow.c_str(), domRow.c_str());
    std::abort();
  }
  return 0;
}
