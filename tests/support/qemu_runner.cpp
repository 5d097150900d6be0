#include "support/qemu_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <thread>

extern char** environ;

namespace zkrv::test {
namespace fs = std::filesystem;

std::string QemuRun::describe() const {
  if (timed_out) return "timed out (killed)";
  if (exited) return "exit " + std::to_string(exit_status);
  return "killed by signal " + std::to_string(term_signal) + " (" + strsignal(term_signal) + ")";
}

std::string find_qemu_riscv32() {
  if (const char* env = std::getenv("ZKRV_QEMU"); env != nullptr && *env != '\0') {
    return access(env, X_OK) == 0 ? std::string(env) : std::string();
  }
  const char* path = std::getenv("PATH");
  const std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string_view::npos) end = dirs.size();
    const std::string_view dir = dirs.substr(start, end - start);
    const fs::path candidate = fs::path(dir.empty() ? std::string_view(".") : dir) / "qemu-riscv32";
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

QemuRunner::QemuRunner(std::chrono::milliseconds timeout)
    : qemu_(find_qemu_riscv32()), timeout_(timeout), dir_("zkrv-qemu") {
  if (qemu_.empty()) {
    throw std::runtime_error(
        "qemu-riscv32 not found (looked at $ZKRV_QEMU, then $PATH). The differential tests need it: "
        "install Debian's qemu-user (apt-get install qemu-user) or point ZKRV_QEMU at the binary.");
  }
}

namespace {

// RAII for posix_spawn_file_actions_t.
struct FileActions {
  posix_spawn_file_actions_t fa;
  FileActions() { posix_spawn_file_actions_init(&fa); }
  ~FileActions() { posix_spawn_file_actions_destroy(&fa); }
  void open(int fd, const std::string& path, int flags) {
    if (int rc = posix_spawn_file_actions_addopen(&fa, fd, path.c_str(), flags, 0600); rc != 0) {
      throw std::runtime_error(std::string("posix_spawn_file_actions_addopen: ") + std::strerror(rc));
    }
  }
};

// The parent's environment without QEMU_* variables (QEMU_STRACE, QEMU_LD_PREFIX, ... would change
// what qemu prints or does).
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, "QEMU_", 5) != 0) env.emplace_back(*e);
  }
  return env;
}

}  // namespace

QemuRun QemuRunner::run_bytes(std::span<const uint8_t> elf, std::span<const uint8_t> input) {
  const fs::path elf_path = dir_.path() / "prog.elf";
  write_file_bytes(elf_path, elf);
  // qemu-user, like the kernel, refuses to load a file without execute permission (exit 1, no message).
  fs::permissions(elf_path, fs::perms::owner_all, fs::perm_options::replace);
  return run_file(elf_path, input);
}

QemuRun QemuRunner::run_file(const fs::path& elf, std::span<const uint8_t> input) {
  if (access(elf.c_str(), R_OK | X_OK) != 0) {
    throw std::runtime_error("QemuRunner: " + elf.string() +
                             " is not a readable, executable file (qemu-user refuses to load it)");
  }
  const fs::path dir = dir_.path();
  const std::string in_path = dir / "input", out_path = dir / "stdout", err_path = dir / "stderr",
                    journal_path = dir / "journal";
  write_file_bytes(in_path, input);

  FileActions actions;
  constexpr int kOut = O_WRONLY | O_CREAT | O_TRUNC;
  actions.open(0, in_path, O_RDONLY);
  actions.open(1, out_path, kOut);
  actions.open(2, err_path, kOut);
  actions.open(3, journal_path, kOut);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  posix_spawn_file_actions_addclosefrom_np(&actions.fa, 4);  // the guest sees only fds 0-3
#endif
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
  // qemu writes a core file of a crashed guest into its working directory: keep it in ours.
  posix_spawn_file_actions_addchdir_np(&actions.fa, dir.c_str());
#endif

  const std::string elf_str = fs::absolute(elf).string();
  std::vector<std::string> args = {qemu_, "-cpu", kQemuRiscv32Cpu, elf_str};
  std::vector<char*> argv, envp;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = child_environment();
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  if (int rc = posix_spawn(&pid, qemu_.c_str(), &actions.fa, nullptr, argv.data(), envp.data()); rc != 0) {
    throw std::runtime_error("posix_spawn(" + qemu_ + "): " + std::strerror(rc));
  }

  QemuRun run;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  auto pause = std::chrono::microseconds(50);
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      run.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(1000));
  }
  if (WIFEXITED(status)) {
    run.exited = !run.timed_out;
    run.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    run.term_signal = WTERMSIG(status);
  }
  run.stdout_bytes = read_file_bytes(out_path);
  run.stderr_bytes = read_file_bytes(err_path);
  run.journal = read_file_bytes(journal_path);
  return run;
}

}  // namespace zkrv::test
