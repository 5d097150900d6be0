// MatrixView<T>: a non-owning window onto row-major data, T = Fp, Ext or a const-qualified one.
//
// A view is (data, width, height, row_stride): row i starts at data + i * row_stride and has `width`
// elements. Sub-rows, column slices and vertically strided views (every k-th row from an offset, as the
// FRI folding and the coset split of an LDE read them) are all views of the same kind, so every
// algorithm written against MatrixView accepts them without copies. A view is contiguous when
// row_stride == width; some kernels (the single-column NTT) take a faster path then.
#pragma once

#include <cassert>
#include <cstddef>
#include <span>
#include <type_traits>

namespace zkrv {

template <class T>
class MatrixView {
 public:
  using value_type = std::remove_const_t<T>;

  MatrixView() noexcept = default;
  MatrixView(T* data, size_t width, size_t height, size_t row_stride) noexcept
      : data_(data), width_(width), height_(height), row_stride_(row_stride) {
    assert(row_stride >= width || height <= 1);
  }
  // A dense matrix: row_stride == width.
  MatrixView(T* data, size_t width, size_t height) noexcept : MatrixView(data, width, height, width) {}
  // Mutable -> const.
  template <class U>
    requires(std::is_const_v<T> && std::is_same_v<std::remove_const_t<T>, U>)
  MatrixView(const MatrixView<U>& other) noexcept  // NOLINT(google-explicit-constructor)
      : MatrixView(other.data(), other.width(), other.height(), other.row_stride()) {}

  size_t width() const noexcept { return width_; }
  size_t height() const noexcept { return height_; }
  size_t row_stride() const noexcept { return row_stride_; }
  T* data() const noexcept { return data_; }
  bool empty() const noexcept { return width_ == 0 || height_ == 0; }
  bool is_contiguous() const noexcept { return row_stride_ == width_ || height_ <= 1; }

  std::span<T> row(size_t r) const noexcept {
    assert(r < height_);
    return {data_ + r * row_stride_, width_};
  }
  T* row_ptr(size_t r) const noexcept { return data_ + r * row_stride_; }
  T& operator()(size_t r, size_t c) const noexcept {
    assert(r < height_ && c < width_);
    return data_[r * row_stride_ + c];
  }
  // All elements when contiguous (precondition).
  std::span<T> values() const noexcept {
    assert(is_contiguous());
    return {data_, width_ * height_};
  }

  // Rows [start, start + count).
  MatrixView rows(size_t start, size_t count) const noexcept {
    assert(start + count <= height_);
    return {data_ + start * row_stride_, width_, count, row_stride_};
  }
  // Columns [start, start + count) of every row.
  MatrixView columns(size_t start, size_t count) const noexcept {
    assert(start + count <= width_);
    return {data_ + start, count, height_, row_stride_};
  }
  // Rows offset, offset + stride, offset + 2 stride, ... (all that fit).
  MatrixView vertically_strided(size_t stride, size_t offset) const noexcept {
    assert(stride > 0 && offset < stride);
    const size_t h = height_ > offset ? (height_ - offset + stride - 1) / stride : 0;
    return {data_ + offset * row_stride_, width_, h, row_stride_ * stride};
  }

 private:
  T* data_ = nullptr;
  size_t width_ = 0;
  size_t height_ = 0;
  size_t row_stride_ = 0;
};

template <class T>
using ConstMatrixView = MatrixView<const T>;

}  // namespace zkrv
