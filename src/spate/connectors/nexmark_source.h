#pragma once

// format("nexmark"): the Nexmark events as a batch table (spark.read) and as a stream
// (spark.readStream). See docs/nexmark.md.

#include <string>
#include <vector>

#include "spate/connectors/stream_sources.h"
#include "spate/plan/logical_plan.h"

namespace spate::connectors {

// A table of the first `events` events (the option is required), generated a batch at
// a time as the query pulls them.
Result<TableSourcePtr> makeNexmarkTableSource(const Options& options);

// The SQL that defines the person, auction and bid views (as the public Nexmark SQL)
// over `events`, a view or table of format("nexmark")'s rows; `STREAM(name)` when
// streaming. Three CREATE OR REPLACE TEMPORARY VIEW statements, to run one by one.
std::vector<std::string> nexmarkViewsSql(const std::string& events, bool streaming);

}  // namespace spate::connectors
