#include "spate/common/thread_pool.h"

#include <algorithm>

namespace spate {

struct ThreadPool::Job {
  const std::function<void(int64_t)>* f = nullptr;
  int64_t remaining = 0;
  std::condition_variable done;
};

ThreadPool::ThreadPool(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) workers_.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

ThreadPool& ThreadPool::shared() {
  static ThreadPool pool(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  return pool;
}

// Runs the first queued task with the lock released around it; false when none.
bool ThreadPool::runOne(std::unique_lock<std::mutex>& lock) {
  if (queue_.empty()) return false;
  auto [job, index] = queue_.front();
  queue_.pop_front();
  lock.unlock();
  (*job->f)(index);
  lock.lock();
  if (--job->remaining == 0) job->done.notify_all();
  return true;
}

void ThreadPool::workerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    runOne(lock);
  }
}

void ThreadPool::parallelFor(int64_t n, const std::function<void(int64_t)>& f) {
  if (n <= 0) return;
  if (n == 1) {
    f(0);
    return;
  }
  Job job;
  job.f = &f;
  job.remaining = n;
  std::unique_lock<std::mutex> lock(mu_);
  for (int64_t i = 0; i < n; ++i) queue_.emplace_back(&job, i);
  wake_.notify_all();
  // Help until our tasks are all taken, then wait for the ones still running.
  while (job.remaining > 0) {
    if (!runOne(lock)) job.done.wait(lock, [&] { return job.remaining == 0 || !queue_.empty(); });
  }
}

}  // namespace spate
