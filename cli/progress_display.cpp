#include "progress_display.h"

#include <fmt/format.h>

namespace zkrv::cli {

ProgressDisplay::ProgressDisplay(std::FILE* out, bool enabled) : out_(out), enabled_(enabled) {
  if (enabled_) ticker_ = std::thread([this] { tick(); });
}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::finish() {
  {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (enabled_) {
    fmt::print(out_, "\r\033[K");  // erase the progress line so the summary or an error starts clean
    std::fflush(out_);
  }
}

void ProgressDisplay::on_phase(std::string_view phase, bool done) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (done) {
    // Timed from that phase's own start, so nested or interleaved phases are still measured right.
    const auto it = starts_.find(std::string(phase));
    seconds_[std::string(phase)] += std::chrono::duration<double>(now - (it == starts_.end() ? now : it->second)).count();
  } else {
    starts_[std::string(phase)] = now;
    phase_ = std::string(phase);
    phase_start_ = now;
  }
  if (enabled_ && !stop_) draw_locked();
}

double ProgressDisplay::seconds_of(const std::string& phase) const {
  std::lock_guard lock(mutex_);
  const auto it = seconds_.find(phase);
  return it == seconds_.end() ? 0.0 : it->second;
}

void ProgressDisplay::draw_locked() {
  const auto now = Clock::now();
  const double phase_s = std::chrono::duration<double>(now - phase_start_).count();
  const double total_s = std::chrono::duration<double>(now - start_).count();
  fmt::print(out_, "\r\033[Kzkrv prove: {} {:.1f} s (total {:.1f} s)", phase_, phase_s, total_s);
  std::fflush(out_);
}

void ProgressDisplay::tick() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    draw_locked();
    wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; });
  }
}

}  // namespace zkrv::cli
