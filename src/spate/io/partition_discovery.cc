#include "spate/io/partition_discovery.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "spate/columnar/builder.h"
#include "spate/common/datetime.h"
#include "spate/common/strings.h"
#include "spate/expr/cast.h"
#include "spate/expr/type_coercion.h"
#include "spate/io/partition_path.h"

namespace spate {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Java's Integer.parseInt / Long.parseLong: an optional sign, then decimal digits only.
template <typename T>
bool parsesAsJavaIntegral(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '+') return false;
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size();
}

// java.math.BigDecimal's syntax: [sign] digits [. digits] [e [sign] digits], at least
// one digit in the mantissa. The precision of the whole number it denotes when its scale
// is not positive (Spark refuses decimals with a fraction here), else nothing.
std::optional<int> wholeDecimalPrecision(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::string digits;
  int fractionDigits = 0;
  bool dot = false;
  for (; i < s.size() && (isDigit(s[i]) || (s[i] == '.' && !dot)); ++i) {
    if (s[i] == '.') {
      dot = true;
      continue;
    }
    digits.push_back(s[i]);
    if (dot) ++fractionDigits;
  }
  if (digits.empty()) return std::nullopt;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == s.size()) return std::nullopt;
    for (; i < s.size() && isDigit(s[i]); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 1000) return std::nullopt;
    }
    if (negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  const int64_t scale = fractionDigits - exponent;
  if (scale > 0) return std::nullopt;
  size_t firstNonZero = digits.find_first_not_of('0');
  int64_t significant = firstNonZero == std::string::npos ? 1 : static_cast<int64_t>(digits.size() - firstNonZero);
  // A zero stays one digit however it is scaled; other values gain a digit per power of ten.
  int64_t precision = firstNonZero == std::string::npos ? 1 : significant - scale;
  if (precision > 38) return std::nullopt;
  return static_cast<int>(precision);
}

// Java's Double.parseDouble for decimal text: surrounding blanks, a sign, NaN,
// Infinity, digits with an optional point and exponent, and an f/F/d/D suffix.
bool parsesAsJavaDouble(std::string_view s) {
  s = trimView(s);
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s == "NaN" || s == "Infinity") return true;
  if (!s.empty() && (s.back() == 'f' || s.back() == 'F' || s.back() == 'd' || s.back() == 'D')) s.remove_suffix(1);
  size_t i = 0;
  bool anyDigit = false;
  while (i < s.size() && isDigit(s[i])) ++i, anyDigit = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && isDigit(s[i])) ++i, anyDigit = true;
  }
  if (!anyDigit) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < s.size() && isDigit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == s.size();
}

bool digitsAt(std::string_view s, size_t pos, size_t count) {
  if (pos + count > s.size()) return false;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!isDigit(s[i])) return false;
  }
  return true;
}

// Spark's partition date pattern "yyyy-MM-dd", and a value the date cast accepts.
bool isPartitionDate(std::string_view s) {
  return s.size() == 10 && digitsAt(s, 0, 4) && s[4] == '-' && digitsAt(s, 5, 2) && s[7] == '-' &&
         digitsAt(s, 8, 2) && parseDate(s).has_value();
}

// Spark's partition timestamp pattern "yyyy-MM-dd HH:mm:ss[.S]": one fraction digit at
// most, so the longer fractions Spark writes come back as strings, as in Spark.
bool isPartitionTimestamp(std::string_view s) {
  if (s.size() != 19 && s.size() != 21) return false;
  if (!isPartitionDate(s.substr(0, 10)) || s[10] != ' ') return false;
  if (!digitsAt(s, 11, 2) || s[13] != ':' || !digitsAt(s, 14, 2) || s[16] != ':' || !digitsAt(s, 17, 2)) return false;
  if (s.size() == 21 && (s[19] != '.' || !isDigit(s[20]))) return false;
  return parseTimestamp(s).has_value();
}

struct ParsedLeaf {
  std::vector<PartitionDirName> columns;  // outermost first
  std::string discoveredBase;
  bool skip = false;  // inside a _temporary folder
};

std::string parentOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string nameOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Spark's parsePartition: walk up from a leaf folder to a base path, reading k=v names;
// a name that is not k=v above some that are ends the walk there.
Result<ParsedLeaf> parseLeaf(const std::string& leafDir, const std::set<std::string>& basePaths) {
  ParsedLeaf out;
  std::string current = leafDir;
  while (true) {
    std::string name = nameOf(current);
    if (toLower(name) == "_temporary") {
      out.skip = true;
      return out;
    }
    if (basePaths.contains(current)) break;
    std::optional<PartitionDirName> column;
    if (name.find('=') != std::string::npos) {
      column = parsePartitionDirName(name);
      if (!column) {
        if (name.front() == '=') return Status::AnalysisError("Empty partition column name in '{}'", name);
        return Status::AnalysisError("Empty partition column value in '{}'", name);
      }
      out.columns.push_back(*column);
    }
    std::string parent = parentOf(current);
    if ((!column && !out.columns.empty()) || parent.empty() || parent == current) break;
    current = parent;
  }
  std::reverse(out.columns.begin(), out.columns.end());
  out.discoveredBase = out.columns.empty() ? leafDir : current;
  return out;
}

std::string columnList(const std::vector<PartitionDirName>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.column);
  return joinStrings(names, ", ");
}

Status conflictingColumns(const std::vector<std::string>& leaves, const std::vector<ParsedLeaf>& parsed) {
  std::set<std::string> lists;
  std::set<std::string> dirs;
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (parsed[i].columns.empty()) continue;
    lists.insert(columnList(parsed[i].columns));
    dirs.insert(leaves[i]);
  }
  std::string message = "Conflicting partition column names detected:\n";
  size_t n = 0;
  for (const auto& l : lists) message += fmt::format("\n\tPartition column name list #{}: {}", n++, l);
  message +=
      "\n\nFor partitioned table directories, data files should only live in leaf directories.\n"
      "And directories at the same level should have the same partition column name.\n"
      "Please check the following directories for unexpected files or inconsistent partition column names:\n";
  for (const auto& d : dirs) message += "\n\tfile:" + d;
  return Status::AnalysisError("{}", message);
}

// Casts the unescaped folder values (nullopt: the default partition) to type; a value
// that does not cast is an error when validate is on, else null.
Result<std::vector<Value>> castPartitionValues(const std::vector<std::optional<std::string>>& raw,
                                               const TypePtr& type, const std::string& column, bool validate) {
  StringColumnBuilder strings;
  for (const auto& r : raw) {
    if (r) {
      strings.append(*r);
    } else {
      strings.appendNull();
    }
  }
  const auto n = static_cast<int64_t>(raw.size());
  SPATE_ASSIGN_OR_RETURN(ColumnPtr cast, castColumn(strings.finish(), type, n));
  std::vector<Value> out;
  out.reserve(raw.size());
  for (int64_t i = 0; i < n; ++i) {
    if (validate && raw[static_cast<size_t>(i)] && cast->isNull(i)) {
      return Status::AnalysisError("Failed to cast value `{}` to `{}` for partition column `{}`",
                                   *raw[static_cast<size_t>(i)], type->ddl(), column);
    }
    out.push_back(cast->valueAt(i));
  }
  return out;
}

std::optional<std::string> unescapedValue(const std::string& raw) {
  if (raw == kDefaultPartitionName) return std::nullopt;
  return unescapePathName(raw);
}

std::string trimmedDir(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

}  // namespace

TypePtr inferPartitionValueType(std::string_view raw) {
  if (parsesAsJavaIntegral<int32_t>(raw)) return DataType::int_();
  if (parsesAsJavaIntegral<int64_t>(raw)) return DataType::long_();
  if (auto precision = wholeDecimalPrecision(raw)) return DataType::decimal(*precision, 0);
  if (parsesAsJavaDouble(raw)) return DataType::double_();
  if (isPartitionTimestamp(unescapePathName(raw))) return DataType::timestamp();
  if (isPartitionDate(raw)) return DataType::date();
  return raw == kDefaultPartitionName ? DataType::null() : DataType::string();
}

TypePtr widerPartitionType(const TypePtr& a, const TypePtr& b) {
  if (a->equals(*b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  auto isDouble = [](const TypePtr& t) { return t->id() == TypeId::kDouble; };
  auto losesPrecision = [](const TypePtr& t) { return t->id() == TypeId::kLong || t->id() == TypeId::kDecimal; };
  if ((isDouble(a) && losesPrecision(b)) || (isDouble(b) && losesPrecision(a))) return DataType::string();
  if (a->id() == TypeId::kString || b->id() == TypeId::kString) return DataType::string();
  TypePtr wider = widerType(a, b);
  return wider ? wider : DataType::string();
}

Result<PartitionedFiles> discoverPartitions(const std::vector<std::string>& files,
                                            const std::vector<std::string>& basePaths,
                                            const PartitionDiscoveryOptions& options) {
  std::set<std::string> bases;
  for (const auto& b : basePaths) bases.insert(trimmedDir(b));
  // Leaf folders in first-seen order, each parsed once.
  std::map<std::string, size_t> leafIndex;
  std::vector<std::string> leaves;
  std::vector<size_t> leafOfFile;
  for (const auto& f : files) {
    std::string dir = parentOf(f);
    auto [it, added] = leafIndex.emplace(dir, leaves.size());
    if (added) leaves.push_back(dir);
    leafOfFile.push_back(it->second);
  }
  std::vector<ParsedLeaf> parsed;
  parsed.reserve(leaves.size());
  for (const auto& leaf : leaves) {
    SPATE_ASSIGN_OR_RETURN(ParsedLeaf p, parseLeaf(leaf, bases));
    parsed.push_back(std::move(p));
  }

  PartitionedFiles out;
  out.partitionSchema = std::make_shared<const Schema>();
  const ParsedLeaf* first = nullptr;
  for (const auto& p : parsed) {
    if (!p.skip && !p.columns.empty()) {
      first = &p;
      break;
    }
  }
  if (!first) {
    for (size_t i = 0; i < files.size(); ++i) {
      if (!parsed[leafOfFile[i]].skip) out.files.push_back(files[i]);
    }
    return out;
  }

  std::set<std::string> discoveredBases;
  for (const auto& p : parsed) {
    if (!p.skip) discoveredBases.insert(toLower(p.discoveredBase));
  }
  if (discoveredBases.size() > 1) {
    std::string suspicious;
    for (const auto& b : discoveredBases) suspicious += "\n\tfile:" + b;
    return Status::AnalysisError(
        "Conflicting directory structures detected. Suspicious paths:{}\n\nIf provided paths are partition "
        "directories, please set \"basePath\" in the options of the data source to specify the root directory of "
        "the table. If there are multiple root directories, please load them separately and then union them.",
        suspicious);
  }
  const std::string expected = toLower(columnList(first->columns));
  for (const auto& p : parsed) {
    if (!p.skip && !p.columns.empty() && toLower(columnList(p.columns)) != expected) {
      return conflictingColumns(leaves, parsed);
    }
  }

  // Types: the user's, or the widest of what each partition's value suggests.
  const size_t numColumns = first->columns.size();
  Schema partitionSchema;
  std::vector<std::vector<std::optional<std::string>>> rawByColumn(numColumns);
  std::vector<size_t> partitionOfLeaf(leaves.size(), SIZE_MAX);
  size_t numPartitions = 0;
  for (size_t l = 0; l < parsed.size(); ++l) {
    if (parsed[l].skip || parsed[l].columns.empty()) continue;
    partitionOfLeaf[l] = numPartitions++;
    for (size_t c = 0; c < numColumns; ++c) rawByColumn[c].push_back(unescapedValue(parsed[l].columns[c].rawValue));
  }
  std::vector<std::vector<Value>> valuesByColumn(numColumns);
  for (size_t c = 0; c < numColumns; ++c) {
    const std::string& name = first->columns[c].column;
    TypePtr type;
    int userIndex = options.userSchema ? options.userSchema->indexOf(name) : -1;
    if (userIndex >= 0) {
      type = options.userSchema->field(static_cast<size_t>(userIndex)).type;
    } else {
      type = DataType::null();
      for (size_t l = 0; l < parsed.size(); ++l) {
        if (partitionOfLeaf[l] == SIZE_MAX) continue;
        const std::string& raw = parsed[l].columns[c].rawValue;
        TypePtr t = options.typeInference ? inferPartitionValueType(raw)
                                          : (raw == kDefaultPartitionName ? DataType::null() : DataType::string());
        type = widerPartitionType(type, t);
      }
      if (type->id() == TypeId::kNull) type = DataType::string();
    }
    partitionSchema.add(name, type, true);
    SPATE_ASSIGN_OR_RETURN(valuesByColumn[c], castPartitionValues(rawByColumn[c], type, name, options.validateValues));
  }
  out.partitionSchema = std::make_shared<const Schema>(std::move(partitionSchema));
  for (size_t i = 0; i < files.size(); ++i) {
    size_t partition = partitionOfLeaf[leafOfFile[i]];
    if (partition == SIZE_MAX) continue;  // outside the partition folders: not part of the table
    out.files.push_back(files[i]);
    std::vector<Value> row;
    row.reserve(numColumns);
    for (size_t c = 0; c < numColumns; ++c) row.push_back(valuesByColumn[c][partition]);
    out.values.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<Value>> partitionValuesOf(const std::string& file, const std::string& basePath,
                                             const Schema& partitionSchema) {
  std::vector<Value> out(partitionSchema.size());
  if (partitionSchema.size() == 0) return out;
  SPATE_ASSIGN_OR_RETURN(ParsedLeaf leaf, parseLeaf(parentOf(file), {trimmedDir(basePath)}));
  for (const auto& c : leaf.columns) {
    int index = partitionSchema.indexOf(c.column);
    if (index < 0) continue;
    const Field& field = partitionSchema.field(static_cast<size_t>(index));
    SPATE_ASSIGN_OR_RETURN(std::vector<Value> v,
                           castPartitionValues({unescapedValue(c.rawValue)}, field.type, field.name, true));
    out[static_cast<size_t>(index)] = std::move(v[0]);
  }
  return out;
}

BatchPtr appendPartitionValues(const BatchPtr& batch, const std::vector<Value>& values, const SchemaPtr& schema) {
  std::vector<ColumnPtr> columns = batch->columns();
  const size_t first = schema->size() - values.size();
  for (size_t i = 0; i < values.size(); ++i) {
    columns.push_back(Column::constant(values[i], schema->field(first + i).type, batch->numRows()));
  }
  return std::make_shared<const Batch>(schema, std::move(columns), batch->numRows());
}

FileSourceSchemas fileSourceSchemas(const Schema& data, const Schema& partitions) {
  Schema files;
  for (const auto& f : data.fields()) {
    if (partitions.indexOf(f.name) < 0) files.add(f.name, f.type, f.nullable);
  }
  Schema full = files;
  for (const auto& f : partitions.fields()) full.add(f.name, f.type, f.nullable);
  return {std::make_shared<const Schema>(std::move(files)), std::make_shared<const Schema>(std::move(full))};
}

}  // namespace spate
