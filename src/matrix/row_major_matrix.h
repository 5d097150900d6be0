// RowMajorMatrix<T>: an owning height x width matrix stored row after row (T = Fp or Ext).
//
// Row-major is the layout every consumer wants: trace generation writes a row per cycle, the Merkle tree
// hashes rows, and the batched NTT runs its butterflies on whole rows with SIMD across the columns.
// Storage is an AlignedBuffer, so `uninitialized()` costs no pass over memory; the plain constructor
// zero-fills.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "matrix/aligned_buffer.h"
#include "matrix/matrix_view.h"

namespace zkrv {

template <class T>
class RowMajorMatrix {
 public:
  RowMajorMatrix() noexcept = default;
  // height x width, all zero.
  RowMajorMatrix(size_t height, size_t width) : RowMajorMatrix(uninitialized(height, width)) {
    std::fill_n(values_.data(), values_.size(), T{});
  }
  // Takes the values of a dense height x width matrix (values.size() must equal height * width).
  RowMajorMatrix(std::span<const T> values, size_t width) : width_(width) {
    if (width == 0 ? !values.empty() : values.size() % width != 0)
      throw std::invalid_argument("RowMajorMatrix: value count is not a multiple of the width");
    height_ = width == 0 ? 0 : values.size() / width;
    values_ = AlignedBuffer<T>(values.size());
    std::copy(values.begin(), values.end(), values_.data());
  }
  RowMajorMatrix(const std::vector<T>& values, size_t width) : RowMajorMatrix(std::span<const T>(values), width) {}

  // height x width with unspecified contents, for callers that overwrite every element.
  static RowMajorMatrix uninitialized(size_t height, size_t width) {
    RowMajorMatrix m;
    m.width_ = width;
    m.height_ = height;
    m.values_ = AlignedBuffer<T>(height * width);
    return m;
  }
  // Uniform random entries (tests, benchmarks); T needs T::random(rng).
  template <class Rng>
  static RowMajorMatrix random(size_t height, size_t width, Rng& rng) {
    RowMajorMatrix m = uninitialized(height, width);
    for (size_t i = 0; i < m.values_.size(); ++i) m.values_[i] = T::random(rng);
    return m;
  }

  size_t width() const noexcept { return width_; }
  size_t height() const noexcept { return height_; }
  bool empty() const noexcept { return values_.empty(); }

  std::span<T> values() noexcept { return values_.span(); }
  std::span<const T> values() const noexcept { return values_.span(); }
  T* data() noexcept { return values_.data(); }
  const T* data() const noexcept { return values_.data(); }

  std::span<T> row(size_t r) noexcept {
    assert(r < height_);
    return {values_.data() + r * width_, width_};
  }
  std::span<const T> row(size_t r) const noexcept {
    assert(r < height_);
    return {values_.data() + r * width_, width_};
  }
  T& operator()(size_t r, size_t c) noexcept {
    assert(r < height_ && c < width_);
    return values_[r * width_ + c];
  }
  const T& operator()(size_t r, size_t c) const noexcept {
    assert(r < height_ && c < width_);
    return values_[r * width_ + c];
  }
  // A copy of column c (columns are strided in this layout).
  std::vector<T> column(size_t c) const {
    assert(c < width_);
    std::vector<T> out(height_);
    for (size_t r = 0; r < height_; ++r) out[r] = values_[r * width_ + c];
    return out;
  }

  MatrixView<T> view() noexcept { return {values_.data(), width_, height_}; }
  MatrixView<const T> view() const noexcept { return {values_.data(), width_, height_}; }
  MatrixView<T> rows(size_t start, size_t count) noexcept { return view().rows(start, count); }
  MatrixView<const T> rows(size_t start, size_t count) const noexcept { return view().rows(start, count); }

  friend bool operator==(const RowMajorMatrix& a, const RowMajorMatrix& b) noexcept {
    return a.width_ == b.width_ && a.height_ == b.height_ &&
           std::equal(a.values_.data(), a.values_.data() + a.values_.size(), b.values_.data());
  }

 private:
  size_t width_ = 0;
  size_t height_ = 0;
  AlignedBuffer<T> values_;
};

// A dense copy of any view.
template <class T>
RowMajorMatrix<std::remove_const_t<T>> to_row_major(MatrixView<T> v) {
  auto m = RowMajorMatrix<std::remove_const_t<T>>::uninitialized(v.height(), v.width());
  for (size_t r = 0; r < v.height(); ++r) std::copy(v.row(r).begin(), v.row(r).end(), m.row(r).begin());
  return m;
}

}  // namespace zkrv
