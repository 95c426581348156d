#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

namespace spate::streaming {

// Time for triggers and time-based sources. Tests use a ManualClock to step a query
// through triggers deterministically.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t nowMillis() const = 0;
  // Blocks until nowMillis() >= targetMillis or wake() is called; returns nowMillis().
  // A wake() that came while nobody waited ends the next wait at once, so a wake-up
  // racing with the start of a wait is not lost.
  virtual int64_t waitUntil(int64_t targetMillis) = 0;
  virtual void wake() = 0;
};

using ClockPtr = std::shared_ptr<Clock>;

class SystemClock final : public Clock {
 public:
  int64_t nowMillis() const override;
  int64_t waitUntil(int64_t targetMillis) override;
  void wake() override;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t startMillis = 0) : now_(startMillis) {}
  int64_t nowMillis() const override;
  int64_t waitUntil(int64_t targetMillis) override;
  void wake() override;
  void advance(int64_t millis);
  void setTime(int64_t millis);

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int64_t now_;
  bool woken_ = false;
};

}  // namespace spate::streaming
