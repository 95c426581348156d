#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace spate {

// A fixed set of worker threads running the partition tasks of stateful operators and
// exchanges. Several queries may share it: each parallelFor waits only for its own
// tasks, and the calling thread runs tasks too, so nested or concurrent calls cannot
// starve.
class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Runs f(0), ..., f(n - 1), in any order and concurrently, and returns when all ran.
  void parallelFor(int64_t n, const std::function<void(int64_t)>& f);

  int size() const { return static_cast<int>(workers_.size()); }

  // The process-wide pool, one thread per core.
  static ThreadPool& shared();

 private:
  struct Job;
  void workerLoop();
  bool runOne(std::unique_lock<std::mutex>& lock);

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::pair<Job*, int64_t>> queue_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

}  // namespace spate
