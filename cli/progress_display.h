// The `zkrv prove` progress line: the current phase and the elapsed seconds, redrawn in place on a
// terminal. Proving reports phases only at their boundaries (ProveProgress), so a ticker thread keeps
// the seconds moving during a long phase.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace zkrv::cli {

class ProgressDisplay {
 public:
  // Draws only if `enabled` (the caller decides: stderr is a terminal and not --quiet); phase durations
  // are recorded either way.
  ProgressDisplay(std::FILE* out, bool enabled);
  ~ProgressDisplay();  // stops the ticker and erases the line, also when proving throws
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // A ProveProgress callback.
  void on_phase(std::string_view phase, bool done);
  // Seconds a finished phase took (0 if it never ran).
  double seconds_of(const std::string& phase) const;
  void finish();  // stops drawing and erases the line

 private:
  using Clock = std::chrono::steady_clock;
  void draw_locked();
  void tick();

  std::FILE* out_;
  bool enabled_;
  Clock::time_point start_ = Clock::now(), phase_start_ = start_;
  std::string phase_ = "starting";
  std::map<std::string, Clock::time_point> starts_;
  std::map<std::string, double> seconds_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread ticker_;
};

}  // namespace zkrv::cli
