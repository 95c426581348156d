// Event-time windows: window(time, windowDuration[, slideDuration[, startTime]]) and
// window_time(window), as Spark's TimeWindow.
//
// window() is a generator: each row with a non-null time falls into every window
// (start, end) with start <= time < end, one for a tumbling window and
// ceil(windowDuration / slideDuration) at most for a sliding one. Window starts are
// startTime plus a multiple of the slide. Rows with a null time are in no window, as
// Spark filters them out. The plan layer puts it under GROUP BY window(...).

#include "spate/columnar/builder.h"
#include "spate/common/duration.h"
#include "spate/expr/function_registry.h"
#include "spate/types/value.h"

namespace spate {

namespace {

TypePtr windowType() {
  return DataType::struct_({{"start", DataType::timestamp(), true}, {"end", DataType::timestamp(), true}});
}

// A duration argument: a string literal such as '10 minutes' (or an interval literal).
Result<int64_t> durationArg(const BoundExprPtr& arg, const char* what) {
  const Value* v = arg->literalValue();
  if (!v || v->isNull()) {
    return Status::AnalysisError("window(): the {} must be a literal such as '10 minutes', not {}", what,
                                 arg->toString());
  }
  if (arg->type()->id() == TypeId::kInterval) return v->asInt();
  if (arg->type()->id() != TypeId::kString) {
    return Status::AnalysisError("window(): the {} must be a string such as '10 minutes', not {}", what,
                                 arg->type()->simpleString());
  }
  auto micros = parseIntervalString(v->asString());
  if (!micros.ok()) {
    return Status::AnalysisError("window(): cannot parse the {} '{}': {}", what, v->asString(),
                                 micros.status().message());
  }
  return static_cast<int64_t>(*micros);
}

int64_t floorMod(int64_t a, int64_t b) {
  int64_t m = a % b;
  return m < 0 ? m + b : m;
}

Result<ResolvedGenerator> resolveWindow(std::vector<BoundExprPtr>& args) {
  TypeId t = args[0]->type()->id();
  if (t != TypeId::kTimestamp) {
    return Status::TypeError("window() needs a timestamp column as its first argument, but {} is {}",
                             args[0]->toString(), args[0]->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(int64_t windowLength, durationArg(args[1], "window duration"));
  int64_t slide = windowLength;
  if (args.size() > 2) {
    SPATE_ASSIGN_OR_RETURN(slide, durationArg(args[2], "slide duration"));
  }
  int64_t startTime = 0;
  if (args.size() > 3) {
    SPATE_ASSIGN_OR_RETURN(startTime, durationArg(args[3], "start time"));
  }
  if (windowLength <= 0) {
    return Status::AnalysisError("The window duration ({} microseconds) must be greater than 0.", windowLength);
  }
  if (slide <= 0) return Status::AnalysisError("The slide duration ({} microseconds) must be greater than 0.", slide);
  if (slide > windowLength) {
    return Status::AnalysisError("The slide duration ({}) must be less than or equal to the windowDuration ({}).",
                                 slide, windowLength);
  }
  if (startTime < 0 ? -startTime >= slide : startTime >= slide) {
    return Status::AnalysisError("The absolute value of start time ({}) must be less than the slideDuration ({}).",
                                 startTime, slide);
  }
  ResolvedGenerator g;
  g.outputFields.push_back({"window", windowType(), false});
  const int64_t maxWindows = (windowLength + slide - 1) / slide;
  g.kernel = [windowLength, slide, startTime, maxWindows](const std::vector<ColumnPtr>& a,
                                                          int64_t n) -> Result<GeneratorOutput> {
    ColumnPtr times = Column::flatten(a[0]);
    const int64_t* ts = times->values<int64_t>();
    GeneratorOutput out;
    auto expected = static_cast<size_t>(n * maxWindows);
    out.sourceRows.reserve(expected);
    std::vector<int64_t> s, e;
    s.reserve(expected);
    e.reserve(expected);
    for (int64_t i = 0; i < n; ++i) {
      if (times->isNull(i)) continue;
      int64_t lastStart = ts[i] - floorMod(ts[i] - startTime, slide);
      for (int64_t k = 0; k < maxWindows; ++k) {
        int64_t start = lastStart - k * slide;
        if (start + windowLength <= ts[i]) break;
        s.push_back(start);
        e.push_back(start + windowLength);
        out.sourceRows.push_back(static_cast<int32_t>(i));
      }
    }
    auto rows = static_cast<int64_t>(s.size());
    FixedColumnBuilder<int64_t> startCol(DataType::timestamp(), rows), endCol(DataType::timestamp(), rows);
    std::copy(s.begin(), s.end(), startCol.data());
    std::copy(e.begin(), e.end(), endCol.data());
    out.columns.push_back(std::make_shared<Column>(windowType(), rows, nullptr, nullptr, nullptr,
                                                   std::vector<ColumnPtr>{startCol.finish(), endCol.finish()}));
    return out;
  };
  return g;
}

// window_time(window): the last instant inside the window (end - 1 microsecond), the
// event time of a windowed aggregate's row for chaining another window over it.
Result<ResolvedScalar> resolveWindowTime(std::vector<BoundExprPtr>& args) {
  const DataType& t = *args[0]->type();
  if (t.id() != TypeId::kStruct || t.fields().size() != 2 || t.fields()[1].name != "end" ||
      t.fields()[1].type->id() != TypeId::kTimestamp) {
    return Status::TypeError("window_time() needs a window column (struct<start, end>), but {} is {}",
                             args[0]->toString(), t.simpleString());
  }
  ResolvedScalar r;
  r.type = DataType::timestamp();
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    ColumnPtr windows = Column::flatten(a[0]);
    const ColumnPtr& end = windows->child(1);
    FixedColumnBuilder<int64_t> out(DataType::timestamp(), n);
    const int64_t* e = end->values<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
      if (windows->isNull(i) || end->isNull(i)) {
        out.setNull(i);
      } else {
        out.data()[i] = e[i] - 1;
      }
    }
    return out.finish();
  };
  return r;
}

// session_window(time, gap): the session one row opens, [time, time + gap), which a
// session aggregation merges with the overlapping sessions of its key. The gap is a
// duration string or interval, a literal or one per row; a row whose time is null or
// whose gap is null, unparsable or not positive opens no session (null), and Spark
// drops it.
Result<ResolvedScalar> resolveSessionWindow(std::vector<BoundExprPtr>& args) {
  if (args[0]->type()->id() != TypeId::kTimestamp) {
    return Status::TypeError("session_window() needs a timestamp column as its first argument, but {} is {}",
                             args[0]->toString(), args[0]->type()->simpleString());
  }
  TypeId g = args[1]->type()->id();
  if (g != TypeId::kString && g != TypeId::kInterval) {
    return Status::TypeError("session_window() needs a gap duration such as '5 minutes', but {} is {}",
                             args[1]->toString(), args[1]->type()->simpleString());
  }
  if (const Value* v = args[1]->literalValue()) {
    SPATE_ASSIGN_OR_RETURN(int64_t gap, durationArg(args[1], "gap duration"));
    if (gap <= 0 && !v->isNull()) {
      return Status::AnalysisError("The session window gap duration ({} microseconds) must be greater than 0.", gap);
    }
  }
  ResolvedScalar r;
  r.type = windowType();
  r.kernel = [g](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    ColumnPtr times = Column::flatten(a[0]);
    ColumnPtr gaps = Column::flatten(a[1]);
    const int64_t* ts = times->values<int64_t>();
    FixedColumnBuilder<int64_t> starts(DataType::timestamp(), n), ends(DataType::timestamp(), n);
    std::vector<uint8_t> valid(static_cast<size_t>(n), 0);
    std::string_view lastText;
    int64_t lastGap = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (times->isNull(i) || gaps->isNull(i)) continue;
      int64_t gap;
      if (g == TypeId::kInterval) {
        gap = gaps->values<int64_t>()[i];
      } else {
        std::string_view text = gaps->stringAt(i);
        if (i == 0 || text != lastText) {
          auto parsed = parseIntervalString(text);
          lastGap = parsed.ok() ? static_cast<int64_t>(*parsed) : 0;
          lastText = text;
        }
        gap = lastGap;
      }
      if (gap <= 0) continue;
      starts.data()[i] = ts[i];
      ends.data()[i] = ts[i] + gap;
      valid[static_cast<size_t>(i)] = 1;
    }
    auto validity = std::make_shared<Buffer>(bits::bytesFor(n));
    for (int64_t i = 0; i < n; ++i) bits::setTo(validity->data(), i, valid[static_cast<size_t>(i)] != 0);
    return std::make_shared<Column>(windowType(), n, validity, nullptr, nullptr,
                                    std::vector<ColumnPtr>{starts.finish(), ends.finish()});
  };
  return r;
}

}  // namespace

void registerTimeWindowFunctions(FunctionRegistry& r) {
  r.addScalar({"session_window", 2, 2, resolveSessionWindow});
  r.addGenerator({"window", 2, 4, resolveWindow});
  r.addScalar({"window_time", 1, 1, resolveWindowTime});
}

}  // namespace spate
