#include "spate/io/partition_path.h"

#include "spate/common/hex.h"

namespace spate {

namespace {

bool needsEscaping(unsigned char c) {
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '"': case '#': case '%': case '\'': case '*': case '/': case ':': case '=':
    case '?': case '\\': case '{': case '[': case ']': case '^':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string escapePathName(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size());
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (!needsEscaping(c)) {
      out.push_back(ch);
      continue;
    }
    out.push_back('%');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  return out;
}

std::string unescapePathName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size()) {
      int hi = hexDigitValue(name[i + 1]);
      int lo = hexDigitValue(name[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(name[i]);
  }
  return out;
}

std::string partitionDirName(std::string_view column, const std::optional<std::string_view>& value) {
  std::string out = escapePathName(column);
  out.push_back('=');
  if (!value || value->empty()) {
    out += kDefaultPartitionName;
  } else {
    out += escapePathName(*value);
  }
  return out;
}

std::optional<PartitionDirName> parsePartitionDirName(std::string_view name) {
  size_t eq = name.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == name.size()) return std::nullopt;
  return PartitionDirName{unescapePathName(name.substr(0, eq)), std::string(name.substr(eq + 1))};
}

}  // namespace spate
