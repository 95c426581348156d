// The "socket" source: UTF-8 text lines read from a TCP connection, for tutorials and
// debugging, as Spark's TextSocketMicroBatchStream. Lines are buffered in memory from
// the moment the source is created until a batch that read them commits, so nothing
// survives a restart: the source cannot replay.

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

#include "spate/columnar/builder.h"
#include "spate/connectors/source_util.h"
#include "spate/connectors/stream_sources.h"

namespace spate::connectors {

namespace {

using streaming::Offset;

struct SocketConfig {
  std::string host;
  int port = 0;
  bool includeTimestamp = false;
};

SchemaPtr socketSchema(bool includeTimestamp) {
  auto schema = std::make_shared<Schema>();
  schema->add("value", DataType::string());
  if (includeTimestamp) schema->add("timestamp", DataType::timestamp());
  return schema;
}

Result<int> connectTo(const SocketConfig& c) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(c.port);
  int rc = ::getaddrinfo(c.host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    return Status::IOError("Cannot connect to the socket source at {}:{}: {}", c.host, c.port, ::gai_strerror(rc));
  }
  int lastErr = ECONNREFUSED;
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      lastErr = errno;
      continue;
    }
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      lastErr = errno;
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    return Status::IOError("Cannot connect to the socket source at {}:{}: {}", c.host, c.port, std::strerror(lastErr));
  }
  return fd;
}

// Offsets are line numbers (Spark's LongOffset): the first line is 0, so before any
// line the position is -1. Lines after the last committed one stay in one byte buffer
// with their end positions and receive times.
class SocketSource final : public streaming::Source {
 public:
  SocketSource(SocketConfig config, int fd, streaming::ClockPtr clock)
      : config_(std::move(config)), schema_(socketSchema(config_.includeTimestamp)), fd_(fd), clock_(std::move(clock)) {
    reader_ = std::thread([this] { readLoop(); });
  }
  ~SocketSource() override { stop(); }

  SchemaPtr schema() const override { return schema_; }
  std::string describe() const override {
    return fmt::format("TextSocketV2[host: {}, port: {}]", config_.host, config_.port);
  }
  bool replayable() const override { return false; }

  Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) override {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t last = firstLine_ + static_cast<int64_t>(ends_.size()) - 1;
    if (last < 0) return std::optional<Offset>();
    return std::optional<Offset>(std::to_string(last));
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) override {
    int64_t from = -1;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, parseLongOffset(*start, "socket"));
    }
    SPATE_ASSIGN_OR_RETURN(int64_t to, parseLongOffset(end, "socket"));
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t last = firstLine_ + static_cast<int64_t>(ends_.size()) - 1;
    if (from + 1 < firstLine_ || to > last || from > to) {
      return Status::ExecutionError(
          "The socket source cannot provide lines ({}, {}]: it holds lines {} to {} only. The socket source does "
          "not support recovery.",
          from, to, firstLine_, last);
    }
    const size_t lo = static_cast<size_t>(from + 1 - firstLine_);
    const size_t hi = static_cast<size_t>(to + 1 - firstLine_);
    const int64_t rows = static_cast<int64_t>(hi - lo);
    if (rows == 0) return std::vector<BatchPtr>{};
    const size_t byteLo = lo == 0 ? 0 : ends_[lo - 1];
    StringColumnBuilder values(DataType::string(), rows, static_cast<int64_t>(ends_[hi - 1] - byteLo));
    for (size_t i = lo, begin = byteLo; i < hi; begin = ends_[i], ++i) {
      values.append(std::string_view(data_).substr(begin, ends_[i] - begin));
    }
    std::vector<ColumnPtr> columns{values.finish()};
    if (config_.includeTimestamp) {
      FixedColumnBuilder<int64_t> ts(DataType::timestamp(), rows);
      for (int64_t i = 0; i < rows; ++i) ts.data()[i] = times_[lo + static_cast<size_t>(i)] * 1000;
      columns.push_back(ts.finish());
    }
    return std::vector<BatchPtr>{std::make_shared<Batch>(schema_, std::move(columns), rows)};
  }

  Status commit(const Offset& end) override {
    SPATE_ASSIGN_OR_RETURN(int64_t to, parseLongOffset(end, "socket"));
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t drop = std::min<int64_t>(to + 1 - firstLine_, static_cast<int64_t>(ends_.size()));
    if (drop <= 0) return Status::OK();  // already committed
    const size_t n = static_cast<size_t>(drop);
    const size_t bytes = ends_[n - 1];
    data_.erase(0, bytes);
    ends_.erase(ends_.begin(), ends_.begin() + static_cast<std::ptrdiff_t>(n));
    for (auto& e : ends_) e -= bytes;
    times_.erase(times_.begin(), times_.begin() + static_cast<std::ptrdiff_t>(n));
    firstLine_ += drop;
    return Status::OK();
  }

  void stop() override {
    if (stopped_.exchange(true)) return;
    // A blocked recv() only returns once the socket is shut down.
    ::shutdown(fd_, SHUT_RDWR);
    if (reader_.joinable()) reader_.join();
    ::close(fd_);
  }

 private:
  void readLoop() {
    std::string partial;
    char buf[64 * 1024];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      const int64_t now = clock_->nowMillis();
      bool added = false;
      std::string_view chunk(buf, static_cast<size_t>(n));
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (size_t nl; (nl = chunk.find('\n')) != std::string_view::npos; chunk.remove_prefix(nl + 1)) {
          if (partial.empty()) {
            appendLine(chunk.substr(0, nl), now);
          } else {
            partial.append(chunk.substr(0, nl));
            appendLine(partial, now);
            partial.clear();
          }
          added = true;
        }
      }
      partial.append(chunk);
      // The query may be sleeping until its next trigger: new lines are new data.
      if (added) clock_->wake();
    }
    // As BufferedReader.readLine: a last line without a newline still counts.
    if (!partial.empty() && !stopped_.load()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        appendLine(partial, clock_->nowMillis());
      }
      clock_->wake();
    }
  }

  void appendLine(std::string_view line, int64_t receivedMillis) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    data_.append(line);
    ends_.push_back(data_.size());
    times_.push_back(receivedMillis);
  }

  const SocketConfig config_;
  const SchemaPtr schema_;
  const int fd_;
  const streaming::ClockPtr clock_;
  std::thread reader_;
  std::atomic<bool> stopped_{false};

  std::mutex mu_;
  int64_t firstLine_ = 0;  // the line number of the first buffered line
  std::string data_;
  std::vector<size_t> ends_;  // end of each buffered line in data_
  std::vector<int64_t> times_;  // receive time of each buffered line, ms
};

class SocketRelation final : public streaming::SourceRelation {
 public:
  explicit SocketRelation(SocketConfig config)
      : config_(std::move(config)), schema_(socketSchema(config_.includeTimestamp)) {}
  SchemaPtr schema() const override { return schema_; }
  std::string describe() const override { return fmt::format("Socket[{}:{}]", config_.host, config_.port); }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    if (!ctx.clock) return Status::Internal("socket source created without a clock");
    SPATE_ASSIGN_OR_RETURN(int fd, connectTo(config_));
    return std::unique_ptr<streaming::Source>(std::make_unique<SocketSource>(config_, fd, ctx.clock));
  }

 private:
  SocketConfig config_;
  SchemaPtr schema_;
};

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeSocketSource(const StreamSourceRequest& request) {
  const Options& o = request.options;
  std::fprintf(stderr, "WARN: The socket source should not be used for production applications! "
                       "It does not support recovery.\n");
  if (!o.has("host")) return Status::AnalysisError("Set a host to read from with option(\"host\", ...).");
  if (!o.has("port")) return Status::AnalysisError("Set a port to read from with option(\"port\", ...).");
  auto includeTimestamp = o.getBool("includeTimestamp", false);
  if (!includeTimestamp.ok()) {
    return Status::AnalysisError("includeTimestamp must be set to either \"true\" or \"false\"");
  }
  if (request.userSchema) {
    return Status::AnalysisError("TextSocketSourceProvider source does not support user-specified schema.");
  }
  SocketConfig c;
  c.host = o.get("host");
  SPATE_ASSIGN_OR_RETURN(int64_t port, o.getInt("port", -1));
  if (port < 0 || port > 65535) return Status::Invalid("Invalid value '{}' for option 'port': not a TCP port", port);
  c.port = static_cast<int>(port);
  c.includeTimestamp = *includeTimestamp;
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<SocketRelation>(std::move(c)));
}

}  // namespace spate::connectors
