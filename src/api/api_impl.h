// What the public handles (zkrv/program.h, zkrv/receipt.h) hold, and the one place internal errors
// become the public Error. Internal to libzkrv: never installed.
#pragma once

#include <exception>
#include <mutex>
#include <new>
#include <optional>
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

ImageId to_public(const Digest& digest);
Digest to_digest(const ImageId& id);

// Runs `body`, turning the internal exceptions into the public Error with the same kind. Out of memory
// stays std::bad_alloc; anything else unexpected is Error(internal).
template <class Body>
auto translate_errors(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Error&) {
    throw;
  } catch (const ::zkrv::Error& e) {
    throw Error(static_cast<ErrorKind>(static_cast<int>(e.category())), e.what());
  } catch (const std::invalid_argument& e) {
    throw Error(ErrorKind::usage, e.what());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::internal, e.what());
  }
}

}  // namespace zkrv::host
