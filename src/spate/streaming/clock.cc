#include "spate/streaming/clock.h"

#include <chrono>

namespace spate::streaming {

int64_t SystemClock::nowMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::waitUntil(int64_t targetMillis) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!woken_) {
    int64_t now = nowMillis();
    if (now >= targetMillis) return now;
    cv_.wait_for(lock, std::chrono::milliseconds(targetMillis - now));
  }
  woken_ = false;
  return nowMillis();
}

void SystemClock::wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

int64_t ManualClock::nowMillis() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

int64_t ManualClock::waitUntil(int64_t targetMillis) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return now_ >= targetMillis || woken_; });
  woken_ = false;
  return now_;
}

void ManualClock::wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void ManualClock::advance(int64_t millis) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += millis;
  }
  cv_.notify_all();
}

void ManualClock::setTime(int64_t millis) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = millis;
  }
  cv_.notify_all();
}

}  // namespace spate::streaming
