#pragma once

// JSON schema inference as Spark's JsonInferSchema with default options
// (schema_of_json, and the JSON-lines reader's inferSchema): integers are bigint (a
// wider one decimal(p,0)), other numbers double, objects structs with their fields
// sorted by name, arrays of the merged element type; conflicting types merge to
// string.

#include "spate/expr/json_simdjson.h"

#include "spate/types/data_type.h"

namespace spate {

// The type of one parsed value, before canonicalization (null stays null).
TypePtr inferJsonType(simdjson::dom::element value);
// The type holding values of both (Spark's JsonInferSchema.compatibleType).
TypePtr mergeJsonTypes(const TypePtr& a, const TypePtr& b);
// Null becomes string and empty structs are dropped (nullptr when nothing is left),
// as Spark does before returning an inferred schema.
TypePtr canonicalizeJsonType(const TypePtr& t);

}  // namespace spate
