// FRI folding (Ben-Sasson, Bentov, Horesh, Riabzev, ICALP 2018, "FRI"; arity 2^k as in their section 4
// and in Plonky3's fri/src/two_adic_pcs.rs) and the round schedule.
//
// INDEX SPACE. Every FRI layer is a vector of Ext values in bit-reversed order on the subgroup
// H_n = <w_n> (w_n = Fp::two_adic_generator(log n)): entry i is g(w_n^rev(i)). The committed inputs
// live on the coset shift * H_n; FRI works with g(y) = f(shift * y), which has the same degree, so the
// shift never enters the folding (Plonky3 does the same). In this order entries 2m and 2m + 1 are g(x)
// and g(-x) with x = w_n^rev_{log n - 1}(m), and aligned blocks of 2^k entries are cosets of H_{2^k}.
//
// BINARY FOLD with challenge b:  g(x) = g_e(x^2) + x g_o(x^2)  ->  g'(x^2) = g_e(x^2) + b g_o(x^2)
//   g'(x^2) = (g(x) + g(-x)) / 2 + b (g(x) - g(-x)) / (2x)           (entry m of the next layer)
// ARITY 2^k with challenge beta: k binary folds with b = beta, beta^2, beta^4, ... . Writing
// g(x) = sum_{i < 2^k} x^i g_i(x^(2^k)), this computes sum_i beta^i g_i(y) at y = x^(2^k) (by induction:
// the first fold pairs the even and odd i, the next ones the remaining bits of i), the arity-2^k FRI
// fold; fold_test.cpp checks it against that formula evaluated directly from the coefficients.
//
// ROUND SCHEDULE. Inputs of several heights are "rolled in" when the layer reaches their height
// (Plonky3): after a round, layer += beta^(2^k) * input. A round therefore never skips over an input
// height: its arity is min(2^log_folding_arity, distance to the next input height, distance to the
// final height). Folding stops at the final height 2^(log_final_poly_len + log_blowup), where the
// layer's polynomial (degree < 2^log_final_poly_len) is sent in coefficient form; log_final_poly_len is
// lowered to the smallest input's degree so every input is rolled in. With a degree excess the final
// polynomial has final_poly_len coefficients (below), which must fit the final layer.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "field/babybear.h"
#include "field/extension.h"
#include "fri/config.h"

namespace zkrv {

struct FoldSchedule {
  std::vector<unsigned> log_arities;  // per round
  unsigned log_max_height = 0;        // of the first layer (the tallest input)
  unsigned log_final_poly_len = 0;    // coefficients of the final polynomial (log2)
  unsigned log_final_height = 0;      // = log_final_poly_len + log_blowup
  // Coefficients of the final polynomial: 2^log_final_poly_len, plus what a degree excess E leaves after
  // the folds below the smallest input, ceil(E / 2^(smallest input height - log_final_height)). A fold of
  // arity a maps degree < d + e to degree < d / a + ceil(e / a), and a roll-in adds an input of
  // degree < its height + E, so E is divided only by the folds after the last roll-in.
  size_t final_poly_len = 1;

  size_t num_rounds() const noexcept { return log_arities.size(); }
};

// input_log_heights: distinct log2 heights (LDE scale, each >= log_blowup) in strictly decreasing
// order. Throws std::invalid_argument otherwise.
FoldSchedule fri_fold_schedule(const FriConfig& config, std::span<const unsigned> input_log_heights);

// The degree excess FRI really tests for an input of trace height 2^log_height (before the blowup) when
// the smallest input has trace height 2^log_smallest: the final polynomial's excess coefficients,
// ceil(E / 2^(log_smallest - lfp)), times the folds from that input down to the final layer,
// 2^(log_height - lfp) (lfp = min(log_final_poly_len, log_smallest)). At least E, and more at taller
// inputs: an input may have degree < 2^log_height + this. The zero-knowledge mask uses all of it at
// the tallest height, so that every FRI layer is masked up to the degree the layer is tested at.
size_t tested_degree_excess(const FriConfig& config, unsigned log_height, unsigned log_smallest);

// x^-1 for the binary folds of every layer of height <= 2^log_n: inv[m] = w_{2^log_n}^-rev_{log_n - 1}(m)
// for m < 2^(log_n - 1). The table of a layer of height 2^l is the prefix of length 2^(l-1) of this one
// (rev_{l}(m) = 2 rev_{l-1}(m) for m < 2^(l-1)), so one table serves a whole FRI run.
std::vector<Fp> fold_inverse_points(unsigned log_n);

// One binary fold of a whole layer (size n >= 2, power of two) with challenge b; inv_points from
// fold_inverse_points(log_n') for any log_n' >= log2(n). Parallel; the output does not depend on the
// thread count.
std::vector<Ext> fold_layer_binary(std::span<const Ext> layer, const Ext& b, std::span<const Fp> inv_points);

// The arity-2^log_arity fold of a whole layer with challenge beta (log_arity binary folds).
std::vector<Ext> fold_layer(std::span<const Ext> layer, const Ext& beta, unsigned log_arity,
                            std::span<const Fp> inv_points);

// What the verifier folds: `coset` holds the 2^log_arity entries j * 2^log_arity .. of a layer of height
// 2^log_height; returns entry j of the folded layer.
Ext fold_coset(std::span<const Ext> coset, unsigned log_height, size_t j, const Ext& beta, unsigned log_arity);

// The final polynomial (coefficients, low first) at y.
Ext evaluate_poly(std::span<const Ext> coeffs, Fp y) noexcept;

}  // namespace zkrv
