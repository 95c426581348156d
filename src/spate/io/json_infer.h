#pragma once

// Private to the JSON source: schema inference over DOM values (see json_format.h).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "spate/io/json_dom.h"

namespace spate {

class JsonSchemaInferrer {
 public:
  explicit JsonSchemaInferrer(const JsonReadOptions& options);
  ~JsonSchemaInferrer();

  // Merges one record: an object, or an array of objects. False (nothing merged) when
  // it is neither, which makes the record malformed.
  bool addRecord(JsonElement doc);
  // A malformed record was seen in PERMISSIVE mode: the schema gets the corrupt column.
  void addCorruptRecord() { corrupt_ = true; }
  Schema finish() const;

  struct Node;

 private:
  void merge(Node& node, JsonElement v);

  const JsonReadOptions& o_;
  std::unique_ptr<Node> root_;
  bool corrupt_ = false;
};

}  // namespace spate
