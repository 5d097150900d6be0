// What the public handles (zkrv/program.h, zkrv/receipt.h) hold, and the one place internal errors
// become the public Error. Internal to libzkrv: never installed.
#pragma once

#include <exception>
#include <mutex>
#include <new>
#include <stdexcept>
#include <utility>

#include "base/error.h"
#include "host/receipt.h"
#include "vm/isa/program_image.h"
#include "zkrv/error.h"
#include "zkrv/image_id.h"
#include "zkrv/program.h"
#include "zkrv/receipt.h"

namespace zkrv::host {

struct Program::Impl {
  ProgramImage image;
  mutable std::once_flag id_once;
  mutable ImageId id;
};

struct Receipt::Impl {
  ::zkrv::Receipt receipt;
  ImageId claimed_id;
};

// Builds the public handle around a receipt (the constructor is private to keep handles non-null).
struct ReceiptAccess {
  static Receipt make(::zkrv::Receipt receipt);
};

ImageId to_public(const Digest& digest);
Digest to_digest(const ImageId& id);

// Runs `body`, turning the internal exceptions into the public Error with the same kind. Out of memory
// stays std::bad_alloc; anything else unexpected is Error(internal). (std::invalid_argument from the
// layers below is a broken internal precondition, i.e. internal, as the CLI reports it.)
template <class Body>
auto translate_errors(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Error&) {
    throw;
  } catch (const ::zkrv::Error& e) {
    throw Error(static_cast<ErrorKind>(static_cast<int>(e.category())), e.what());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::internal, e.what());
  }
}

// A caller's callback (progress, console) may throw to stop the work: whatever it throws reaches the
// caller unchanged, not wrapped. wrap() returns a callback that records the exception before it unwinds
// through zkrv; rethrow_if_any() rethrows the recorded one in place of what zkrv made of it.
class CallbackExceptions {
 public:
  template <class F>
  F wrap(const F& callback) {
    if (!callback) return callback;
    return [this, callback](auto&&... args) {
      try {
        return callback(std::forward<decltype(args)>(args)...);
      } catch (...) {
        if (!first_) first_ = std::current_exception();
        throw;
      }
    };
  }
  void rethrow_if_any() const {
    if (first_) std::rethrow_exception(first_);
  }

 private:
  std::exception_ptr first_;
};

}  // namespace zkrv::host
