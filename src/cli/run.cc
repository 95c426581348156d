// spate run: a SQL job file whose streaming queries keep running after its last
// statement, until they end by themselves, fail, or a signal stops them.

#include "cli/run.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "spate/common/error.h"

namespace spate::cli {

bool producesRows(sql::StatementKind kind) {
  switch (kind) {
    case sql::StatementKind::kQuery:
    case sql::StatementKind::kShowTables:
    case sql::StatementKind::kDescribe:
    case sql::StatementKind::kSet:
    case sql::StatementKind::kExplain:
    case sql::StatementKind::kStartStreamingQuery: return true;
    default: return false;
  }
}

void printResult(const sql::Statement& statement, sql::DataFrame& result, OutputFormat format, std::ostream& out) {
  BatchPtr batch = result.toBatch();
  if (statement.kind == sql::StatementKind::kExplain && format == OutputFormat::kTable) {
    out << batch->column(0)->stringAt(0) << "\n";
    return;
  }
  out << renderResult(*batch, format);
}

namespace {

using streaming::StreamingQueryPtr;

// The streaming queries the job started, and the signal that asks them to stop. The
// listener callbacks run on query threads, signalled() on the signal watcher's.
class JobMonitor final : public streaming::StreamingQueryListener {
 public:
  explicit JobMonitor(std::weak_ptr<streaming::StreamingQueryManager> manager) : manager_(std::move(manager)) {}

  // Called inside startQuery before the query's thread starts, so that even a query
  // that ends at once (Trigger.Once) is seen with its outcome.
  void onQueryStarted(const QueryStartedEvent& event) override {
    auto manager = manager_.lock();
    StreamingQueryPtr query = manager ? manager->get(event.id) : nullptr;
    if (!query) return;
    std::lock_guard<std::mutex> lock(mu_);
    queries_.push_back(std::move(query));
  }
  void onQueryTerminated(const QueryTerminatedEvent&) override { wake(); }

  std::vector<StreamingQueryPtr> queries() const {
    std::lock_guard<std::mutex> lock(mu_);
    return queries_;
  }
  int signal() const { return signal_.load(); }
  void signalled(int sig) {
    signal_.store(sig);
    stopAll();
    wake();
  }
  // stop() joins the query's thread, so calls from the main thread and the watcher's
  // are serialized: no two threads join the same query.
  void stopAll() {
    std::lock_guard<std::mutex> lock(stopMu_);
    for (const auto& q : queries()) q->stop();
  }
  // Sleeps until a query ends, a signal arrives or the timeout passes.
  void waitForEvent(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return events_ != seenEvents_; });
    seenEvents_ = events_;
  }

 private:
  void wake() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++events_;
    }
    cv_.notify_all();
  }

  std::weak_ptr<streaming::StreamingQueryManager> manager_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<StreamingQueryPtr> queries_;
  uint64_t events_ = 0, seenEvents_ = 0;
  std::atomic<int> signal_{0};
  std::mutex stopMu_;
};

int gSignalPipe[2] = {-1, -1};
std::atomic<int64_t> gFirstSignalNanos{0};

int64_t monotonicNanos() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// Only async-signal-safe calls: the first signal goes down the pipe to the watcher; a
// second one exits at once. One that follows within a second is the same request
// delivered twice (timeout(1) signals both the child and its process group).
extern "C" void onStopSignal(int sig) {
  const int64_t now = monotonicNanos();
  int64_t first = 0;
  if (!gFirstSignalNanos.compare_exchange_strong(first, now)) {
    if (now - first < 1000000000) return;
    static const char kMessage[] = "Second signal: exiting without waiting for the streaming queries to stop\n";
    if (::write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1) < 0) {
    }
    ::_exit(128 + sig);
  }
  const auto byte = static_cast<unsigned char>(sig);
  if (::write(gSignalPipe[1], &byte, 1) < 0) {
  }
}

// SIGINT and SIGTERM are taken by one thread of the watcher's own: they are blocked in
// every other thread (the mask is set here, before the session starts any, and threads
// inherit it), so the engine's blocking calls never see EINTR, and the handler only
// writes to a pipe that the watcher thread reads, since stopping queries is far from
// async-signal-safe. A second signal exits at once, for a batch that will not end.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, &previousMask_);
  }
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  void start(std::shared_ptr<JobMonitor> monitor) {
    if (::pipe2(gSignalPipe, O_CLOEXEC) != 0) {
      std::cerr << "Warning: cannot watch for Ctrl-C (pipe: " << std::strerror(errno)
                << "); a signal ends spate without stopping the queries\n";
      pthread_sigmask(SIG_SETMASK, &previousMask_, nullptr);
      return;
    }
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previousInt_);
    sigaction(SIGTERM, &action, &previousTerm_);
    thread_ = std::thread([this, monitor = std::move(monitor)] {
      pthread_sigmask(SIG_UNBLOCK, &signals_, nullptr);
      while (true) {
        unsigned char byte = 0;
        ssize_t n = ::read(gSignalPipe[0], &byte, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || byte == 0) return;  // 0: the job is over
        monitor->signalled(byte);
      }
    });
  }

  ~SignalWatcher() {
    if (thread_.joinable()) {
      const unsigned char done = 0;
      if (::write(gSignalPipe[1], &done, 1) < 0) {
      }
      thread_.join();
      sigaction(SIGINT, &previousInt_, nullptr);
      sigaction(SIGTERM, &previousTerm_, nullptr);
      ::close(gSignalPipe[0]);
      ::close(gSignalPipe[1]);
    }
    pthread_sigmask(SIG_SETMASK, &previousMask_, nullptr);
  }

 private:
  sigset_t signals_;
  sigset_t previousMask_;
  struct sigaction previousInt_ {};
  struct sigaction previousTerm_ {};
  std::thread thread_;
};

// The first "(line L, column C)" of a message, where the parser and the planner put
// positions (the parser follows it with the source line and a caret).
std::optional<std::pair<int, int>> positionIn(const std::string& message) {
  for (size_t at = message.find("(line "); at != std::string::npos; at = message.find("(line ", at + 1)) {
    int line = 0, column = 0;
    if (std::sscanf(message.c_str() + at, "(line %d, column %d)", &line, &column) == 2) {
      return std::make_pair(line, column);
    }
  }
  return std::nullopt;
}

std::string label(const streaming::StreamingQuery& q) { return q.name().empty() ? q.id() : q.name(); }

std::string signalName(int sig) { return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : std::to_string(sig); }

class Job {
 public:
  Job(const RunOptions& options, sql::Session& session, JobMonitor& monitor)
      : options_(options), session_(session), monitor_(monitor) {}
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  // Stopped queries release the catch-up threads still waiting on them.
  ~Job() {
    monitor_.stopAll();
    for (auto& t : waiters_) t.join();
  }

  int run(const std::vector<sql::Statement>& statements) {
    for (const auto& st : statements) {
      if (int code = interruptedOrFailed(); code >= 0) return code;
      if (st.kind == sql::StatementKind::kQuery) {
        catchUp();
        if (int code = interruptedOrFailed(); code >= 0) return code;
      }
      if (!execute(st)) {
        monitor_.stopAll();
        return 1;
      }
    }
    return awaitQueries();
  }

 private:
  // A plain query after START STREAMING QUERY sees what the running queries have
  // written (a memory sink's table): each first processes what its sources have now,
  // as processAllAvailable() does in Spark's tests. The wait is bounded because a
  // source that always has more (rate-micro-batch) never lets that call return; the
  // waiting thread then ends when the query stops. A query that fails meanwhile is
  // reported by interruptedOrFailed().
  void catchUp() {
    for (const auto& q : monitor_.queries()) {
      if (!q->isActive()) continue;
      auto caughtUp = std::make_shared<std::promise<void>>();
      std::future<void> done = caughtUp->get_future();
      waiters_.emplace_back([q, caughtUp] {
        if (!q->processAllAvailable().ok()) {
        }
        caughtUp->set_value();
      });
      if (done.wait_for(kCatchUpLimit) == std::future_status::timeout) {
        std::cerr << "Note: streaming query " << label(*q) << " has more to process after "
                  << kCatchUpLimit.count() << " s; the next query reads what it has written so far\n";
      }
    }
  }

  // Runs one statement and prints its rows; false after printing its error.
  bool execute(const sql::Statement& st) {
    try {
      Result<sql::DataFrame> result = session_.executeStatement(st);
      if (!result.ok()) return fail(st, result.status());
      // A started query's id row would mix with what console sinks print.
      if (!producesRows(st.kind) || st.kind == sql::StatementKind::kStartStreamingQuery) return true;
      printResult(st, *result, options_.format, std::cout);
      std::cout.flush();
      return true;
    } catch (const Error& e) {
      return fail(st, e.status());
    } catch (const std::exception& e) {
      return fail(st, Status::ExecutionError("{}", e.what()));
    }
  }

  bool fail(const sql::Statement& st, const Status& status) {
    auto [line, column] = positionIn(status.message()).value_or(std::make_pair(st.line, st.column));
    std::cerr << "Error: " << options_.file << ":" << line << ":" << column << ": " << status.message() << "\n";
    return false;
  }

  // -1 while the job goes on; otherwise the exit status, after every query is stopped.
  int interruptedOrFailed() {
    if (int sig = monitor_.signal()) {
      monitor_.stopAll();  // waits for the watcher's stop to finish
      std::cerr << "Received " << signalName(sig) << ": streaming queries stopped\n";
      return 128 + sig;
    }
    for (const auto& q : monitor_.queries()) {
      if (auto error = q->exception()) {
        std::cerr << "Query " << label(*q) << " failed: " << error->message() << "\n";
        monitor_.stopAll();
        return 1;
      }
    }
    return -1;
  }

  int awaitQueries() {
    while (true) {
      // Read before the failure check: a query records its error before it stops
      // being active, so one seen inactive here has its error visible below.
      bool anyActive = false;
      for (const auto& q : monitor_.queries()) anyActive = anyActive || q->isActive();
      if (int code = interruptedOrFailed(); code >= 0) return code;
      if (!anyActive) return 0;
      monitor_.waitForEvent(std::chrono::milliseconds(200));
    }
  }

  static constexpr std::chrono::seconds kCatchUpLimit{10};

  const RunOptions& options_;
  sql::Session& session_;
  JobMonitor& monitor_;
  std::vector<std::thread> waiters_;
};

}  // namespace

int runJob(const RunOptions& options) {
  std::ifstream in(options.file);
  if (!in) {
    std::cerr << "Error: cannot read SQL job file " << options.file << "\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto statements = sql::parseStatements(text.str());
  if (!statements.ok()) {
    auto [line, column] = positionIn(statements.status().message()).value_or(std::make_pair(1, 1));
    std::cerr << "Error: " << options.file << ":" << line << ":" << column << ": " << statements.status().message()
              << "\n";
    return 1;
  }

  SignalWatcher watcher;  // before the session, whose threads must inherit the signal mask
  auto session = sql::Session::builder().appName("spate-run").getOrCreate();
  for (const auto& [key, value] : options.conf) session->conf().set(key, value);
  auto monitor = std::make_shared<JobMonitor>(session->streamsManager());
  session->streamsManager()->addListener(monitor);
  watcher.start(monitor);
  int code = Job(options, *session, *monitor).run(*statements);
  session->streamsManager()->removeListener(monitor);
  return code;
}

}  // namespace spate::cli
