#pragma once
// Result<T>: a value or an Error. Small on purpose; std::expected arrives in C++23.

#include <utility>
#include <variant>

#include "core/error.h"

namespace flypin::core {

struct Unit {};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { return std::get<Error>(data_); }
  Error&& error() && { return std::get<Error>(std::move(data_)); }

 private:
  std::variant<T, Error> data_;
};

using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace flypin::core
