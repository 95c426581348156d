#include "spate/io/thrift_compact.h"

#include <cstring>

namespace spate::thrift {

namespace {

// Nesting past this is taken as corruption, not followed (the stack is ours).
constexpr int kMaxDepth = 64;

int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

Status CompactReader::truncated() const {
  return Status::IOError("Thrift data ends early, at byte {}", position());
}

Result<uint64_t> CompactReader::readVarint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p_ >= end_) return truncated();
    uint8_t b = *p_++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  return Status::IOError("Thrift varint longer than 10 bytes at byte {}", position());
}

Status CompactReader::beginStruct() {
  if (lastIds_.size() >= kMaxDepth) return Status::IOError("Thrift structs nested deeper than {}", kMaxDepth);
  lastIds_.push_back(0);
  return Status::OK();
}

void CompactReader::endStruct() {
  if (!lastIds_.empty()) lastIds_.pop_back();
}

Result<bool> CompactReader::nextField(int16_t& id, Type& type) {
  if (p_ >= end_) return truncated();
  uint8_t header = *p_++;
  type = static_cast<Type>(header & 0x0f);
  if (type == Type::kStop) return false;
  if (static_cast<uint8_t>(type) > static_cast<uint8_t>(Type::kUuid)) {
    return Status::IOError("Thrift field of unknown type {} at byte {}", static_cast<int>(type), position() - 1);
  }
  int delta = header >> 4;
  if (delta != 0) {
    id = static_cast<int16_t>(lastIds_.back() + delta);
  } else {
    SPATE_ASSIGN_OR_RETURN(uint64_t raw, readVarint());
    id = static_cast<int16_t>(unzigzag(raw));
  }
  lastIds_.back() = id;
  return true;
}

Result<int8_t> CompactReader::readByte() {
  if (p_ >= end_) return truncated();
  return static_cast<int8_t>(*p_++);
}

Result<int32_t> CompactReader::readI32() {
  SPATE_ASSIGN_OR_RETURN(uint64_t raw, readVarint());
  return static_cast<int32_t>(unzigzag(raw));
}

Result<int64_t> CompactReader::readI64() {
  SPATE_ASSIGN_OR_RETURN(uint64_t raw, readVarint());
  return unzigzag(raw);
}

Result<double> CompactReader::readDouble() {
  if (end_ - p_ < 8) return truncated();
  double v;
  std::memcpy(&v, p_, 8);  // little endian, as the protocol has it
  p_ += 8;
  return v;
}

Result<std::string_view> CompactReader::readBinary() {
  SPATE_ASSIGN_OR_RETURN(uint64_t size, readVarint());
  if (size > static_cast<uint64_t>(end_ - p_)) return truncated();
  std::string_view v(reinterpret_cast<const char*>(p_), size);
  p_ += size;
  return v;
}

Result<std::pair<Type, int32_t>> CompactReader::readListHeader() {
  if (p_ >= end_) return truncated();
  uint8_t header = *p_++;
  auto type = static_cast<Type>(header & 0x0f);
  int64_t size = header >> 4;
  if (size == 15) {
    SPATE_ASSIGN_OR_RETURN(uint64_t raw, readVarint());
    // Each element takes a byte at least: a larger count is corruption.
    if (raw > static_cast<uint64_t>(end_ - p_)) return truncated();
    size = static_cast<int64_t>(raw);
  }
  return std::make_pair(type, static_cast<int32_t>(size));
}

Result<bool> CompactReader::readBoolElement() {
  if (p_ >= end_) return truncated();
  return *p_++ == 1;
}

Status CompactReader::skip(Type type) { return skip(type, 0); }

Status CompactReader::skip(Type type, int depth) {
  if (depth > kMaxDepth) return Status::IOError("Thrift values nested deeper than {}", kMaxDepth);
  switch (type) {
    case Type::kTrue:
    case Type::kFalse: return Status::OK();  // in the field header
    case Type::kByte: return readByte().status();
    case Type::kI16:
    case Type::kI32:
    case Type::kI64: return readVarint().status();
    case Type::kDouble: return readDouble().status();
    case Type::kBinary: return readBinary().status();
    case Type::kUuid:
      if (end_ - p_ < 16) return truncated();
      p_ += 16;
      return Status::OK();
    case Type::kList:
    case Type::kSet: {
      SPATE_ASSIGN_OR_RETURN(auto header, readListHeader());
      for (int32_t i = 0; i < header.second; ++i) {
        // Boolean elements are a byte each.
        SPATE_RETURN_IF_ERROR(header.first == Type::kTrue || header.first == Type::kFalse
                                  ? readBoolElement().status()
                                  : skip(header.first, depth + 1));
      }
      return Status::OK();
    }
    case Type::kMap: {
      SPATE_ASSIGN_OR_RETURN(uint64_t size, readVarint());
      if (size == 0) return Status::OK();
      if (size > static_cast<uint64_t>(end_ - p_)) return truncated();
      if (p_ >= end_) return truncated();
      uint8_t kinds = *p_++;
      auto key = static_cast<Type>(kinds >> 4), value = static_cast<Type>(kinds & 0x0f);
      for (uint64_t i = 0; i < size; ++i) {
        SPATE_RETURN_IF_ERROR(skip(key, depth + 1));
        SPATE_RETURN_IF_ERROR(skip(value, depth + 1));
      }
      return Status::OK();
    }
    case Type::kStruct: {
      SPATE_RETURN_IF_ERROR(beginStruct());
      int16_t id;
      Type fieldType;
      while (true) {
        SPATE_ASSIGN_OR_RETURN(bool more, nextField(id, fieldType));
        if (!more) break;
        SPATE_RETURN_IF_ERROR(skip(fieldType, depth + 1));
      }
      endStruct();
      return Status::OK();
    }
    case Type::kStop: break;
  }
  return Status::IOError("Thrift value of unknown type {} at byte {}", static_cast<int>(type), position());
}

void CompactWriter::writeVarint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void CompactWriter::beginStruct() { lastIds_.push_back(0); }

void CompactWriter::endStruct() {
  out_.push_back(0);
  lastIds_.pop_back();
}

void CompactWriter::fieldHeader(int16_t id, Type type) {
  int delta = id - lastIds_.back();
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_.push_back(static_cast<char>(type));
    writeVarint(zigzag(id));
  }
  lastIds_.back() = id;
}

void CompactWriter::writeDouble(double v) {
  char bytes[8];
  std::memcpy(bytes, &v, 8);
  out_.append(bytes, 8);
}

void CompactWriter::writeBinary(std::string_view v) {
  writeVarint(v.size());
  out_.append(v);
}

void CompactWriter::listHeader(Type elementType, int32_t size) {
  if (size < 15) {
    out_.push_back(static_cast<char>((size << 4) | static_cast<int>(elementType)));
  } else {
    out_.push_back(static_cast<char>(0xf0 | static_cast<int>(elementType)));
    writeVarint(static_cast<uint64_t>(size));
  }
}

}  // namespace spate::thrift
