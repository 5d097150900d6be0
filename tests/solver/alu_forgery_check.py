#!/usr/bin/env python3
"""z3 search for forged ALU claims: one row of an ALU chip whose constraints and byte lookups all hold
but whose ALU-bus receive claims (op, a, b, c) with a != evaluate_alu(op, b, c) (tests/solver/README.md).

The constraints come from the chips' own eval, dumped by zkrv_export_constraints (export_constraints.cpp);
nothing about a chip is restated here except which ALU ops it answers (to choose the queries).

Model of one row (what a prover controls):
  - every main column is a field element, an integer in [0, p);
  - every constraint expression is 0 mod p;
  - every byte-bus send whose multiplicity is nonzero mod p asks for a tuple of the byte table
    (vm/chips/common/buses.h), compared on canonical values: (u16, v, 0, 0) v < 2^16; (u8_pair, x, y, 0);
    (and_/or_/xor_, x, y, x op y); (msb, x, x >> 7, 0); (16 + s, x, lo, hi), the two bytes of x << min(s, 8)
    for s < 256 (the shift in the op position);
  - the chosen ALU-bus receive has a nonzero multiplicity, its op is the queried AluOp and its operand
    limbs b_lo, b_hi, c_lo, c_hi are canonical (< 2^16, the sender's guarantee);
  - the forgery: the claimed limbs (a_lo, a_hi) are not the limbs of evaluate_alu(op, b, c) (a limb
    that is not canonical counts as wrong: the receiving chip must range-check a).
A row is one row: a tuple outside the byte table is never balanced by another row (cross-row
cancellation is out of scope), and the receive is one claim the rest of the machine would act on.

Encodings (--encoding):
  int   columns are z3 Ints in [0, p); a polynomial is evaluated exactly over the integers and reduced
        only where it is used: constraint E == p t, tuple value E == p t + v with v in [0, p), the
        quotient t bounded by interval arithmetic. Nonlinear integer arithmetic.
  bv    columns are 64-bit vectors below p; every + - * is reduced mod p at once (urem for products,
        which fit 62 bits). Decidable by bit-blasting, big circuits.
Operands (--operands):
  concrete  b and c fixed (the realistic attacker question: a wrong result for given inputs); several
            vectors per op, including the three demonstrated forgeries;
  symbolic  b and c free (limbs < 2^16); the reference is computed by z3 in 32-bit vectors.

Every sat answer is re-checked here with exact modular arithmetic, independently of the encoding;
an answer that fails the re-check is reported as an encoding error.

Exit status: 0 no forgery found (unsat or unknown; unknowns are listed, and fail with --strict);
1 a forgery found (a verified witness is printed); 2 usage or encoding error (including a positive
control that was not sat: then unsat answers would prove nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import z3

P = 2013265921
ALU_BUS, BYTE_BUS = 11, 10
MASK32 = 0xFFFFFFFF

ALU_OPS = {"add": 1, "sub": 2, "xor": 3, "or": 4, "and": 5, "sll": 6, "srl": 7, "sra": 8, "slt": 9, "sltu": 10,
           "mul": 11, "mulh": 12, "mulhsu": 13, "mulhu": 14, "div": 15, "divu": 16, "rem": 17, "remu": 18}
OP_NAMES = {v: k for k, v in ALU_OPS.items()}
# Which ALU ops each chip answers (vm/chips/README.md): only used to choose the queries.
CHIP_OPS = {"add_sub": ["add", "sub"], "bitwise": ["xor", "or", "and"], "lt": ["slt", "sltu"],
            "shift": ["sll", "srl", "sra"], "mul": ["mul", "mulh", "mulhsu", "mulhu"],
            "divrem": ["div", "divu", "rem", "remu"]}
BYTE_U16, BYTE_U8_PAIR, BYTE_AND, BYTE_OR, BYTE_XOR, BYTE_MSB = range(6)
SHL_OP_BASE = 16  # (16 + s, x, lo, hi): the byte table's shl rows (vm/chips/common/buses.h)


# ---- reference semantics (vm/executor/alu_event.h, evaluate_alu) ----------------------------------

def signed32(x: int) -> int:
    return x - (1 << 32) if x & 0x80000000 else x


def evaluate_alu(op: int, b: int, c: int) -> int:
    sb, sc = signed32(b), signed32(c)
    name = OP_NAMES[op]
    if name == "add": return (b + c) & MASK32
    if name == "sub": return (b - c) & MASK32
    if name == "xor": return b ^ c
    if name == "or": return b | c
    if name == "and": return b & c
    if name == "sll": return (b << (c & 31)) & MASK32
    if name == "srl": return b >> (c & 31)
    if name == "sra": return (sb >> (c & 31)) & MASK32
    if name == "slt": return int(sb < sc)
    if name == "sltu": return int(b < c)
    if name == "mul": return (b * c) & MASK32
    if name == "mulh": return ((sb * sc) >> 32) & MASK32
    if name == "mulhsu": return ((sb * c) >> 32) & MASK32
    if name == "mulhu": return (b * c) >> 32
    # Division truncates toward zero (C semantics), unlike Python's //.
    def trunc_div(x, y): return abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
    if name == "div":
        if c == 0: return MASK32
        if sb == -(1 << 31) and sc == -1: return b
        return trunc_div(sb, sc) & MASK32
    if name == "divu": return MASK32 if c == 0 else b // c
    if name == "rem":
        if c == 0: return b
        if sb == -(1 << 31) and sc == -1: return 0
        return (sb - trunc_div(sb, sc) * sc) & MASK32
    if name == "remu": return b if c == 0 else b % c
    raise ValueError(op)


def evaluate_alu_bv(op: int, b, c):
    """The same semantics on z3 32-bit vectors."""
    name = OP_NAMES[op]
    zero32, ones32 = z3.BitVecVal(0, 32), z3.BitVecVal(MASK32, 32)
    int_min = z3.BitVecVal(0x80000000, 32)
    shamt = c & 31
    def high(x, y): return z3.Extract(63, 32, x * y)
    if name == "add": return b + c
    if name == "sub": return b - c
    if name == "xor": return b ^ c
    if name == "or": return b | c
    if name == "and": return b & c
    if name == "sll": return b << shamt
    if name == "srl": return z3.LShR(b, shamt)
    if name == "sra": return b >> shamt
    if name == "slt": return z3.If(b < c, z3.BitVecVal(1, 32), zero32)
    if name == "sltu": return z3.If(z3.ULT(b, c), z3.BitVecVal(1, 32), zero32)
    if name == "mul": return b * c
    if name == "mulh": return high(z3.SignExt(32, b), z3.SignExt(32, c))
    if name == "mulhsu": return high(z3.SignExt(32, b), z3.ZeroExt(32, c))
    if name == "mulhu": return high(z3.ZeroExt(32, b), z3.ZeroExt(32, c))
    overflow = z3.And(b == int_min, c == ones32)
    if name == "div": return z3.If(c == 0, ones32, z3.If(overflow, b, b / c))  # bvsdiv truncates
    if name == "divu": return z3.If(c == 0, ones32, z3.UDiv(b, c))
    if name == "rem": return z3.If(c == 0, b, z3.If(overflow, zero32, z3.SRem(b, c)))  # sign of b
    if name == "remu": return z3.If(c == 0, b, z3.URem(b, c))
    raise ValueError(op)


def int_reference(op: int, b, c, b_bits: list, c_bits: list):
    """evaluate_alu(op, b, c) as a z3 Int term for Int words b, c with their 32 bits (Bools, least
    significant first), and the constraints that define its auxiliary variables (each has exactly one
    solution, so asserting them is no restriction)."""
    name = OP_NAMES[op]
    two32 = 1 << 32
    bit = lambda x: z3.If(x, 1, 0)
    from_bits = lambda bits, shift=0: z3.Sum([bit(x) * (1 << (i + shift)) for i, x in enumerate(bits)] or [z3.IntVal(0)])
    sb, sc = b - two32 * bit(b_bits[31]), c - two32 * bit(c_bits[31])
    aux = lambda tag: z3.FreshInt(tag)
    defs = []
    def wrap(x, lo_bound, hi_bound):  # x mod 2^32 for x in [lo_bound, hi_bound]
        w = aux("wrap")
        defs.extend([w >= lo_bound // two32, w <= hi_bound // two32, x - two32 * w >= 0, x - two32 * w < two32])
        return x - two32 * w
    if name == "add": return wrap(b + c, 0, 2 * two32), defs
    if name == "sub": return wrap(b - c, -two32, two32), defs
    if name in ("xor", "or", "and"):
        f = {"xor": z3.Xor, "or": z3.Or, "and": z3.And}[name]
        return from_bits([f(x, y) for x, y in zip(b_bits, c_bits)]), defs
    if name == "slt": return z3.If(sb < sc, 1, 0), defs
    if name == "sltu": return z3.If(b < c, 1, 0), defs
    if name in ("sll", "srl", "sra"):
        amount = c_bits[:5]
        def shifted(k):
            if name == "sll": return from_bits(b_bits[:32 - k], k)
            fill = bit(b_bits[31]) * (two32 - (1 << (32 - k))) if name == "sra" and k else 0
            return from_bits(b_bits[k:]) + fill
        term = shifted(31)
        for k in range(30, -1, -1):
            term = z3.If(z3.And([x if (k >> i) & 1 else z3.Not(x) for i, x in enumerate(amount)]), shifted(k), term)
        return term, defs
    if name in ("mul", "mulh", "mulhsu", "mulhu"):
        x, y = {"mul": (b, c), "mulhu": (b, c), "mulh": (sb, sc), "mulhsu": (sb, c)}[name]
        lo, hi = aux("lo"), aux("hi")
        defs.extend([x * y == lo + two32 * hi, lo >= 0, lo < two32, hi >= -two32, hi < two32])
        return (lo if name == "mul" else wrap(hi, -two32, two32)), defs
    # div, divu, rem, remu: b = q c + r with the truncating remainder; c = 0 gives q = -1, r = b.
    signed = name in ("div", "rem")
    x, y = (sb, sc) if signed else (b, c)
    q, r = aux("q"), aux("r")
    abs_ = lambda t: z3.If(t >= 0, t, -t)
    defs.append(z3.If(y == 0, z3.And(q == -1, r == x),
                      z3.And(x == q * y + r, abs_(r) < abs_(y), z3.Or(r == 0, (r > 0) == (x > 0)))))
    defs.extend([q >= -two32, q <= two32])
    result = q if name in ("div", "divu") else r
    return wrap(result, -two32, two32), defs


def byte_shl(x: int, y: int) -> int:
    return (x << min(y, 8)) & 0xFF


def byte_shl_carry(x: int, y: int) -> int:
    return (x << min(y, 8)) >> 8


def in_byte_table(op: int, x: int, y: int, z: int) -> bool:
    """The byte chip's table (vm/chips/byte/byte_chip.h), on canonical field elements."""
    pair = x < 256 and y < 256
    if op == BYTE_U16: return x < (1 << 16) and y == 0 and z == 0
    if op == BYTE_U8_PAIR: return pair and z == 0
    if op == BYTE_AND: return pair and z == x & y
    if op == BYTE_OR: return pair and z == x | y
    if op == BYTE_XOR: return pair and z == x ^ y
    if op == BYTE_MSB: return x < 256 and y == x >> 7 and z == 0
    if SHL_OP_BASE <= op < SHL_OP_BASE + 256:
        s = op - SHL_OP_BASE
        return x < 256 and y == byte_shl(x, s) and z == byte_shl_carry(x, s)
    return False


# ---- the exported chips ---------------------------------------------------------------------------

@dataclass
class Chip:
    name: str
    columns: list
    nodes: list
    constraints: list
    interactions: list

    def alu_receives(self):
        return [i for i in self.interactions if i["bus_id"] == ALU_BUS and i["kind"] == "receive"]

    def byte_sends(self):
        return [i for i in self.interactions if i["bus_id"] == BYTE_BUS and i["kind"] == "send"]


def load_chips(path: str) -> dict:
    with open(path) as f:
        data = json.load(f)
    if data["field_modulus"] != P:
        raise SystemExit(f"field modulus {data['field_modulus']} != {P}")
    chips = {}
    for c in data["chips"]:
        chip = Chip(c["name"], c["columns"], c["nodes"], c["constraints"], c["interactions"])
        other = [i for i in chip.interactions if i["bus_id"] not in (ALU_BUS, BYTE_BUS) or
                 (i["bus_id"] == BYTE_BUS and i["kind"] != "send")]
        if other:  # an ALU chip that talks on another bus needs a model of that bus first
            raise SystemExit(f"{chip.name}: interactions on buses this check does not model: {other}")
        chips[chip.name] = chip
    return chips


def eval_nodes_mod_p(chip: Chip, row: list) -> list:
    """Every node's value as a field element for a concrete row: the independent re-check."""
    vals = []
    for node in chip.nodes:
        kind = node[0]
        if kind == "const": v = node[1]
        elif kind == "var": v = row[node[1]]
        elif kind == "add": v = vals[node[1]] + vals[node[2]]
        elif kind == "sub": v = vals[node[1]] - vals[node[2]]
        elif kind == "mul": v = vals[node[1]] * vals[node[2]]
        elif kind == "neg": v = -vals[node[1]]
        else: raise ValueError(kind)
        vals.append(v % P)
    return vals


def check_witness(chip: Chip, row: list, receive_index: int, op: int):
    """Re-checks a claimed forgery with exact arithmetic mod p; returns (ok, description)."""
    if any(not 0 <= v < P for v in row):
        return False, "a column is not a canonical field element"
    vals = eval_nodes_mod_p(chip, row)
    for c in chip.constraints:
        if vals[c["expr"]] != 0:
            return False, f"constraint fails: {c['name']}"
    for i in chip.byte_sends():
        if vals[i["multiplicity"]] != 0:
            t = [vals[n] for n in i["values"]]
            if not in_byte_table(*t):
                return False, f"byte lookup {t} not in the byte table"
    rec = chip.alu_receives()[receive_index]
    if vals[rec["multiplicity"]] == 0:
        return False, "the receive is not active"
    t_op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi = (vals[n] for n in rec["values"])
    if t_op != op:
        return False, f"the receive carries op {t_op}, not {op}"
    if any(v >= 1 << 16 for v in (b_lo, b_hi, c_lo, c_hi)):
        return False, "operand limbs not canonical"
    b, c = b_lo | b_hi << 16, c_lo | c_hi << 16
    ref = evaluate_alu(op, b, c)
    if (a_lo, a_hi) == (ref & 0xFFFF, ref >> 16):
        return False, "the claim is the correct result"
    claimed = f"0x{a_lo | a_hi << 16:08x}" if a_lo < 1 << 16 and a_hi < 1 << 16 else f"limbs ({a_lo}, {a_hi})"
    return True, (f"{OP_NAMES[op]}(0x{b:08x}, 0x{c:08x}) claimed {claimed}, reference 0x{ref:08x}; "
                  f"multiplicity {vals[rec['multiplicity']]}")


# ---- encodings --------------------------------------------------------------------------------------

def signed_rep(c: int) -> int:
    """The representative of a constant nearest to 0 (e.g. 1/2^16 = -30720): keeps quotients small."""
    return c - P if c > P // 2 else c


class IntEncoding:
    """Columns as Ints in [0, p); polynomials exact over the integers, reduced where used."""

    def __init__(self, chip: Chip, solver: z3.Solver):
        self.solver = solver
        self.fresh = 0
        self.cols = [z3.Int(name) for name in chip.columns]
        for v in self.cols:
            solver.add(v >= 0, v < P)
        self.terms, self.bounds, self.is_var = [], [], []
        for node in chip.nodes:
            kind = node[0]
            if kind == "const":
                c = signed_rep(node[1])
                t, b, var = z3.IntVal(c), (c, c), False
            elif kind == "var":
                t, b, var = self.cols[node[1]], (0, P - 1), True
            elif kind == "neg":
                lo, hi = self.bounds[node[1]]
                t, b, var = -self.terms[node[1]], (-hi, -lo), False
            else:
                x, y = self.terms[node[1]], self.terms[node[2]]
                (xl, xh), (yl, yh) = self.bounds[node[1]], self.bounds[node[2]]
                if kind == "add": t, b = x + y, (xl + yl, xh + yh)
                elif kind == "sub": t, b = x - y, (xl - yh, xh - yl)
                else:
                    prods = [xl * yl, xl * yh, xh * yl, xh * yh]
                    t, b = x * y, (min(prods), max(prods))
                var = False
            self.terms.append(t)
            self.bounds.append(b)
            self.is_var.append(var)
        self.canon_cache = {}

    def _quotient(self, lo: int, hi: int):
        self.fresh += 1
        t = z3.Int(f"quot{self.fresh}")
        self.solver.add(t >= lo, t <= hi)
        return t

    def assert_zero(self, node: int):
        lo, hi = self.bounds[node]
        qlo, qhi = -(-lo // P), hi // P  # E = p t with E in [lo, hi]
        if qlo > qhi:
            self.solver.add(False)
        elif qlo == qhi == 0:
            self.solver.add(self.terms[node] == 0)
        else:
            self.solver.add(self.terms[node] == P * self._quotient(qlo, qhi))

    def canon(self, node: int):
        """The canonical value in [0, p) of a node."""
        if node in self.canon_cache: return self.canon_cache[node]
        lo, hi = self.bounds[node]
        if self.is_var[node] or (lo >= 0 and hi < P):
            v = self.terms[node]
        else:
            self.fresh += 1
            v = z3.Int(f"canon{self.fresh}")
            self.solver.add(v >= 0, v < P)
            qlo, qhi = -(-(lo - P + 1) // P), hi // P
            self.solver.add(self.terms[node] == P * self._quotient(qlo, qhi) + v)
        self.canon_cache[node] = v
        return v

    def nonzero(self, node): return self.ne(self.canon(node), 0)

    # Values as Ints; the helpers below build the byte-table and reference relations on them.
    def lt(self, v, n): return v < n
    def eq(self, v, n): return v == n
    def ne(self, v, n): return v != n
    def value_of(self, model, v): return model.eval(v, model_completion=True).as_long()

    def bits(self, v, n):
        """n fresh Bools and the formula tying them to v (v = sum 2^i bit_i; false if v >= 2^n). The tie is
        returned, not asserted: a lookup with multiplicity 0 must not constrain its values."""
        self.fresh += 1
        bs = [z3.Bool(f"bit{self.fresh}_{i}") for i in range(n)]
        return bs, v == z3.Sum([z3.If(b, 1 << i, 0) for i, b in enumerate(bs)])

    def from_bits(self, bs):
        return z3.Sum([z3.If(b, 1 << i, 0) for i, b in enumerate(bs)])


class BvEncoding:
    """Columns as 64-bit vectors below p; every node reduced mod p as it is built."""

    W = 64

    def __init__(self, chip: Chip, solver: z3.Solver):
        self.solver = solver
        self.fresh = 0
        pv = z3.BitVecVal(P, self.W)
        self.cols = [z3.BitVec(name, self.W) for name in chip.columns]
        for v in self.cols:
            solver.add(z3.ULT(v, pv))
        self.terms = []
        for node in chip.nodes:
            kind = node[0]
            if kind == "const": t = z3.BitVecVal(node[1], self.W)
            elif kind == "var": t = self.cols[node[1]]
            elif kind == "neg":
                x = self.terms[node[1]]
                t = z3.If(x == 0, x, pv - x)
            else:
                x, y = self.terms[node[1]], self.terms[node[2]]
                if kind == "add":
                    s = x + y
                    t = z3.If(z3.UGE(s, pv), s - pv, s)
                elif kind == "sub":
                    t = z3.If(z3.UGE(x, y), x - y, x + pv - y)
                else:
                    t = z3.URem(x * y, pv)  # both below 2^31: the product fits 62 bits
            self.terms.append(t)

    def assert_zero(self, node): self.solver.add(self.terms[node] == 0)
    def nonzero(self, node): return self.ne(self.terms[node], 0)
    def canon(self, node): return self.terms[node]
    def lt(self, v, n): return z3.ULT(v, z3.BitVecVal(n, self.W))
    def eq(self, v, n): return v == (n if not isinstance(n, int) else z3.BitVecVal(n, self.W))
    def ne(self, v, n): return z3.Not(self.eq(v, n))
    def value_of(self, model, v): return model.eval(v, model_completion=True).as_long()
    def bits(self, v, n): return [z3.Extract(i, i, v) == 1 for i in range(n)], z3.And(self.lt(v, 1 << n))
    def from_bits(self, bs):
        return z3.Concat(z3.BitVecVal(0, self.W - len(bs)),
                         *[z3.If(b, z3.BitVecVal(1, 1), z3.BitVecVal(0, 1)) for b in reversed(bs)])


class FieldEncoding(IntEncoding):
    """The int encoding after three rewrites that are exact because p is prime, which turn most of a
    chip into linear arithmetic (z3 then decides it; the naive int and bv encodings time out even on
    add_sub):
      - a constraint that is a product is a disjunction: x y = 0 (mod p) iff x = 0 or y = 0; likewise a
        multiplicity that is a product is nonzero iff every factor is;
      - a column with a finite domain, found from the constraints (every factor of some constraint is
        a x + g with a a nonzero constant and g depending only on already finite columns, so x is one
        of the roots -g / a), is an Int restricted to those roots (signed representatives: the
        bitwise chip's k is -1, 0 or 1), and any expression of finite columns only ("flag
        expression", e.g. is_sub = op (op - 1) / 2) becomes an if-then-else over their values;
      - a product with a flag expression on one side is an if-then-else of constant multiples, so
        is_mul * a_lo is linear in each branch.
    What remains nonlinear is a product of two unbounded columns (the byte convolutions of mul and
    divrem), left to z3's nonlinear arithmetic. A column's integer is any representative of its field
    element: every use reduces mod p, and the witness is reported reduced."""

    MAX_COMBOS = 4096  # flag expressions over more combinations fall back to plain products

    def __init__(self, chip: Chip, solver: z3.Solver):
        self.solver = solver
        self.fresh = 0
        self.chip = chip
        n = len(chip.nodes)
        self.support, self.degree = [None] * n, [0] * n
        for i, node in enumerate(chip.nodes):
            kind = node[0]
            if kind == "const": self.support[i], self.degree[i] = frozenset(), 0
            elif kind == "var": self.support[i], self.degree[i] = frozenset([node[1]]), 1
            elif kind == "neg": self.support[i], self.degree[i] = self.support[node[1]], self.degree[node[1]]
            else:
                self.support[i] = self.support[node[1]] | self.support[node[2]]
                d1, d2 = self.degree[node[1]], self.degree[node[2]]
                self.degree[i] = d1 + d2 if kind == "mul" else max(d1, d2)
        self.domains = self._finite_domains()
        self.cols = []
        for i, name in enumerate(chip.columns):
            v = z3.Int(name)
            if i in self.domains:
                solver.add(z3.Or([v == r for r in self.domains[i]]))
            else:
                solver.add(v >= 0, v < P)
            self.cols.append(v)
        self.terms, self.bounds, self.flag_values = [], [], {}
        for i, node in enumerate(chip.nodes):
            t, b = self._build(i, node)
            self.terms.append(t)
            self.bounds.append(b)
        self.canon_cache = {}

    # -- numeric evaluation of a node under an assignment of some columns (flag expressions) --
    def _eval(self, node_id, assignment, memo):
        if node_id in memo: return memo[node_id]
        node = self.chip.nodes[node_id]
        kind = node[0]
        if kind == "const": v = node[1]
        elif kind == "var": v = assignment[node[1]]
        elif kind == "neg": v = -self._eval(node[1], assignment, memo)
        else:
            x, y = self._eval(node[1], assignment, memo), self._eval(node[2], assignment, memo)
            v = x + y if kind == "add" else x - y if kind == "sub" else x * y
        v %= P
        memo[node_id] = v
        return v

    def _combos(self, cols, domains):
        cols = sorted(cols)
        total = 1
        for c in cols: total *= len(domains[c])
        if total > self.MAX_COMBOS: return None
        combos = [{}]
        for c in cols:
            combos = [{**a, c: r} for a in combos for r in domains[c]]
        return combos

    def _factors(self, node_id):
        """The top-level factors of a product (through neg and constant multiples, which never vanish)."""
        node = self.chip.nodes[node_id]
        if node[0] == "mul": return self._factors(node[1]) + self._factors(node[2])
        if node[0] == "neg": return self._factors(node[1])
        if node[0] == "const" and node[1] != 0: return []
        return [node_id]

    def _finite_domains(self):
        domains = {}
        changed = True
        while changed:
            changed = False
            for c in self.chip.constraints:
                factors = self._factors(c["expr"])
                if not factors: continue
                cols = frozenset().union(*(self.support[f] for f in factors))
                for x in cols - set(domains):
                    others = cols - {x}
                    if not all(x in self.support[f] for f in factors) or not others <= set(domains): continue
                    combos = self._combos(others, domains)
                    if combos is None: continue
                    roots, affine = set(), True
                    for f in factors:
                        points = range(self.degree[f] + 1)  # a polynomial of degree d is fixed by d + 1 values
                        for combo in combos:
                            vals = [self._eval(f, {**combo, x: t}, {}) for t in points]
                            slope = (vals[1] - vals[0]) % P if len(vals) > 1 else 0
                            if slope == 0 or any((vals[t] - vals[0] - t * slope) % P for t in points):
                                affine = False
                                break
                            roots.add(signed_rep(-vals[0] * pow(slope, P - 2, P) % P))
                        if not affine: break
                    if affine:
                        domains[x] = sorted(roots) if x not in domains else sorted(set(domains[x]) & roots)
                        changed = True
        return domains

    def _flag_cases(self, node_id):
        """[(condition, value)] for a flag expression (value a signed representative), or None."""
        if node_id in self.flag_values: return self.flag_values[node_id]
        cases = None
        sup = self.support[node_id]
        if sup and sup <= set(self.domains):
            combos = self._combos(sup, self.domains)
            if combos is not None:
                by_value = {}
                for combo in combos:
                    v = signed_rep(self._eval(node_id, combo, {}))
                    by_value.setdefault(v, []).append(z3.And([self.cols[c] == r for c, r in combo.items()]))
                cases = [(z3.Or(conds), v) for v, conds in sorted(by_value.items())]
        self.flag_values[node_id] = cases
        return cases

    @staticmethod
    def _ite(cases):
        term = cases[-1][1]
        for cond, value in reversed(cases[:-1]):
            term = z3.If(cond, value, term)
        return term

    def _build(self, i, node):
        kind = node[0]
        cases = self._flag_cases(i)
        if cases is not None:
            values = [v for _, v in cases]
            return self._ite([(c, z3.IntVal(v)) for c, v in cases]), (min(values), max(values))
        if kind == "const":
            c = signed_rep(node[1])
            return z3.IntVal(c), (c, c)
        if kind == "var":
            return self.cols[node[1]], (0, P - 1)
        if kind == "neg":
            lo, hi = self.bounds[node[1]]
            return -self.terms[node[1]], (-hi, -lo)
        x, y = self.terms[node[1]], self.terms[node[2]]
        (xl, xh), (yl, yh) = self.bounds[node[1]], self.bounds[node[2]]
        if kind == "add": return x + y, (xl + yl, xh + yh)
        if kind == "sub": return x - y, (xl - yh, xh - yl)
        for flag_side, other in ((node[1], node[2]), (node[2], node[1])):
            flag_cases = self._flag_cases(flag_side)
            if flag_cases is not None:
                t, (ol, oh) = self.terms[other], self.bounds[other]
                prods = [v * ol for _, v in flag_cases] + [v * oh for _, v in flag_cases]
                return self._ite([(c, v * t) for c, v in flag_cases]), (min(prods), max(prods))
        prods = [xl * yl, xl * yh, xh * yl, xh * yh]
        return x * y, (min(prods), max(prods))

    def _zero_mod_p(self, node):
        cases = self._flag_cases(node)
        if cases is not None:
            return z3.Or([c for c, v in cases if v % P == 0] or [z3.BoolVal(False)])
        lo, hi = self.bounds[node]
        qlo, qhi = -(-lo // P), hi // P
        if qlo > qhi: return z3.BoolVal(False)
        if qlo == qhi: return self.terms[node] == P * qlo
        return self.terms[node] == P * self._quotient(qlo, qhi)

    def assert_zero(self, node):
        factors = self._factors(node)
        self.solver.add(z3.Or([self._zero_mod_p(f) for f in factors]) if factors else z3.BoolVal(True))

    def nonzero(self, node):
        # Not zero_mod_p: the quotient of a negated existential would be universally quantified.
        return z3.And([self.ne(self.canon(f), 0) for f in self._factors(node)] or [z3.BoolVal(True)])

    def canon(self, node):
        if node in self.canon_cache: return self.canon_cache[node]
        cases = self._flag_cases(node)
        lo, hi = self.bounds[node]
        if cases is not None:
            v = self._ite([(c, z3.IntVal(val % P)) for c, val in cases])
        elif self.chip.nodes[node][0] == "var" or (lo >= 0 and hi < P):
            v = self.terms[node]
        else:
            self.fresh += 1
            v = z3.Int(f"canon{self.fresh}")
            self.solver.add(v >= 0, v < P)
            qlo, qhi = -(-(lo - P + 1) // P), hi // P
            q = P * qlo if qlo == qhi else P * self._quotient(qlo, qhi)
            self.solver.add(self.terms[node] == q + v)
        self.canon_cache[node] = v
        return v

    def value_of(self, model, v): return model.eval(v, model_completion=True).as_long() % P


ENCODINGS = {"field": FieldEncoding, "int": IntEncoding, "bv": BvEncoding}


def byte_table_relation(enc, op_node_const, op_val, x, y, z):
    """A z3 formula: (op, x, y, z), canonical values, is a row of the byte table."""
    ops = [op_node_const] if op_node_const is not None else list(range(6)) + ["shl"]
    cases = []
    for op in ops:
        if op == BYTE_U16:
            rel = z3.And(enc.lt(x, 1 << 16), enc.eq(y, 0), enc.eq(z, 0))
        elif op == BYTE_U8_PAIR:
            rel = z3.And(enc.lt(x, 256), enc.lt(y, 256), enc.eq(z, 0))
        elif op in (BYTE_AND, BYTE_OR, BYTE_XOR):
            (xb, x_tie), (yb, y_tie) = enc.bits(x, 8), enc.bits(y, 8)
            f = {BYTE_AND: z3.And, BYTE_OR: z3.Or, BYTE_XOR: z3.Xor}[op]
            rel = z3.And(enc.lt(x, 256), enc.lt(y, 256), x_tie, y_tie,
                         enc.eq(z, enc.from_bits([f(a, b) for a, b in zip(xb, yb)])))
        elif op == BYTE_MSB:
            xb, x_tie = enc.bits(x, 8)
            rel = z3.And(enc.lt(x, 256), x_tie, enc.eq(y, enc.from_bits([xb[7]])), enc.eq(z, 0))
        elif op == "shl" or (isinstance(op, int) and SHL_OP_BASE <= op < SHL_OP_BASE + 256):
            # (16 + s, x, lo, hi): the op entry carries the shift s; s >= 8 shifts by 8.
            xb, x_tie = enc.bits(x, 8)
            as_bits = lambda bits: enc.from_bits([z3.BoolVal(b) if isinstance(b, bool) else b for b in bits])
            options = []
            for s in range(9):
                shifted = [False] * s + xb + [False] * (16 - s)  # bits of x << s, 16 wide (and more)
                lo, hi = as_bits(shifted[:8]), as_bits(shifted[8:16])
                if op == "shl":
                    amount = (enc.eq(op_val, SHL_OP_BASE + s) if s < 8 else
                              z3.And(z3.Not(enc.lt(op_val, SHL_OP_BASE + 8)), enc.lt(op_val, SHL_OP_BASE + 256)))
                else:
                    amount = z3.BoolVal(min(op - SHL_OP_BASE, 8) == s)
                options.append(z3.And(amount, enc.eq(y, lo), enc.eq(z, hi)))
            rel = z3.And(enc.lt(x, 256), x_tie, z3.Or(options))
            cases.append(rel)  # the op is part of rel
            continue
        else:
            continue
        cases.append(rel if op_node_const is not None else z3.And(enc.eq(op_val, op), rel))
    return z3.Or(cases) if cases else z3.BoolVal(False)


@dataclass
class Query:
    chip: str
    op: str
    operands: str                 # "concrete" or "symbolic"
    b: int | None = None
    c: int | None = None
    honest: bool = False          # positive control: ask for the correct claim instead (must be sat)
    note: str = ""


@dataclass
class Result:
    query: Query
    encoding: str
    status: str                   # sat / unsat / unknown / error
    seconds: float
    detail: str = ""
    witness: dict = field(default_factory=dict)


def run_query(chip: Chip, q: Query, encoding: str, timeout_s: float, seed: int = 0) -> Result:
    op = ALU_OPS[q.op]
    receives = chip.alu_receives()
    start = time.monotonic()
    statuses, last = [], None
    # One solver call per ALU receive of the chip (add_sub and divrem have two); the row forges if any does.
    for receive_index in range(len(receives)):
        remaining = timeout_s - (time.monotonic() - start)
        if remaining <= 0:
            statuses.append("unknown")
            break
        encoding_name, _, strategy = encoding.partition("/")
        # z3's default SMT solver, or the qfnia tactic (nlsat-based), which decides the shift chip's
        # concrete queries that the SMT core's linear arithmetic does not finish (tests/solver/README.md).
        solver = z3.Tactic("qfnia").solver() if strategy == "qfnia" else z3.Solver()
        solver.set("timeout", int(remaining * 1000))
        solver.set("random_seed", seed)
        enc = ENCODINGS[encoding_name](chip, solver)
        for c in chip.constraints:
            enc.assert_zero(c["expr"])
        for i in chip.byte_sends():
            op_node = chip.nodes[i["values"][0]]
            op_const = op_node[1] if op_node[0] == "const" else None
            x, y, z = (enc.canon(n) for n in i["values"][1:])
            op_val = enc.canon(i["values"][0]) if op_const is None else None
            solver.add(z3.Implies(enc.nonzero(i["multiplicity"]),
                                  byte_table_relation(enc, op_const, op_val, x, y, z)))
        rec = receives[receive_index]
        t_op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi = (enc.canon(n) for n in rec["values"])
        solver.add(enc.nonzero(rec["multiplicity"]), enc.eq(t_op, op))
        for limb in (b_lo, b_hi, c_lo, c_hi):
            solver.add(enc.lt(limb, 1 << 16))
        if q.operands == "concrete":
            solver.add(enc.eq(b_lo, q.b & 0xFFFF), enc.eq(b_hi, q.b >> 16),
                       enc.eq(c_lo, q.c & 0xFFFF), enc.eq(c_hi, q.c >> 16))
            ref = evaluate_alu(op, q.b, q.c)
            right = z3.And(enc.eq(a_lo, ref & 0xFFFF), enc.eq(a_hi, ref >> 16))
        else:
            # The field encodings are integer-valued: the reference is stated in integer arithmetic over
            # the operands' bits (linear for all but the products of mul and divrem), which z3 handles far
            # better than a bridge to 32-bit vectors. The bv encoding uses evaluate_alu_bv directly.
            a_ok = z3.And(enc.lt(a_lo, 1 << 16), enc.lt(a_hi, 1 << 16))
            if encoding_name == "bv":
                word = lambda lo, hi: z3.Concat(z3.Extract(15, 0, hi), z3.Extract(15, 0, lo))
                right = z3.And(a_ok, word(a_lo, a_hi) == evaluate_alu_bv(op, word(b_lo, b_hi), word(c_lo, c_hi)))
            else:
                b_bits, c_bits = [], []
                for v, out in ((b_lo, b_bits), (b_hi, b_bits), (c_lo, c_bits), (c_hi, c_bits)):
                    bs, tie = enc.bits(v, 16)
                    solver.add(tie)  # operand limbs are canonical (asserted above)
                    out.extend(bs)
                ref, definitions = int_reference(op, b_lo + (1 << 16) * b_hi, c_lo + (1 << 16) * c_hi, b_bits, c_bits)
                solver.add(definitions)  # pin the auxiliary variables of ref to its unique value
                right = z3.And(a_ok, a_lo + (1 << 16) * a_hi == ref)
        solver.add(right if q.honest else z3.Not(right))
        status = str(solver.check())
        statuses.append(status)
        if status == "sat":
            model = solver.model()
            row = [enc.value_of(model, v) for v in enc.cols]
            if q.honest:
                return Result(q, encoding, "sat", time.monotonic() - start, "honest witness found (control)",
                              dict(zip(chip.columns, row)))
            ok, why = check_witness(chip, row, receive_index, op)
            status = "sat" if ok else "error"
            detail = why if ok else f"encoding error: the solver's witness fails the re-check: {why}"
            return Result(q, encoding, status, time.monotonic() - start, detail, dict(zip(chip.columns, row)))
        last = solver.reason_unknown() if status == "unknown" else last
    status = "unsat" if statuses and all(s == "unsat" for s in statuses) else "unknown"
    return Result(q, encoding, status, time.monotonic() - start, f"z3: {last}" if status == "unknown" else "")


def run_query_isolated(chip: Chip, q: Query, encoding: str, timeout_s: float) -> Result:
    """run_query in a forked process, killed 30 s after its timeout: some z3 tactics (qfnia's nlsat)
    do not always notice the timeout, and one stuck query must not hang the whole check."""
    import multiprocessing
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=lambda: queue.put(run_query(chip, q, encoding, timeout_s)))
    start = time.monotonic()
    proc.start()
    try:
        result = queue.get(timeout=timeout_s + 30)
    except Exception:  # queue.Empty: the solver did not come back
        result = Result(q, encoding, "unknown", time.monotonic() - start, "killed: z3 ignored its timeout")
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    return result


# ---- query suites ------------------------------------------------------------------------------------

# The demonstrated forgeries (the audit's bugs 2-4) and operands where carries, signs and edge cases matter.
KNOWN_FORGERY_OPERANDS = {"mul": [(0x8000, 0x10000)], "divu": [(7, 0xFFFFFFFF)], "sll": [(1, 13)]}
EDGE_OPERANDS = [(0xFFFFFFFF, 0xFFFFFFFF), (0x80000000, 0xFFFFFFFF), (0x12345678, 0x9ABCDEF0), (7, 0)]


def suite(name: str, chips: list) -> list:
    queries = []
    for chip in chips:
        for op in CHIP_OPS[chip]:
            vectors = KNOWN_FORGERY_OPERANDS.get(op, []) + EDGE_OPERANDS
            if name == "quick":
                vectors = vectors[:1]
            queries.append(Query(chip, op, "concrete", *vectors[0], honest=True, note="positive control"))
            for b, c in vectors:
                queries.append(Query(chip, op, "concrete", b, c))
            if name in ("ci", "full"):
                queries.append(Query(chip, op, "symbolic"))
    return queries


def format_witness(w: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in w.items())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--exporter", help="zkrv_export_constraints binary (runs it)")
    ap.add_argument("--constraints", help="a JSON file it wrote (instead of --exporter)")
    ap.add_argument("--suite", choices=["quick", "ci", "full"], default="ci")
    ap.add_argument("--chips", default=",".join(CHIP_OPS), help="comma-separated chip names")
    ap.add_argument("--ops", default="", help="comma-separated ALU ops (default: all of the chips')")
    ap.add_argument("--operands", choices=["concrete", "symbolic", "both"], default="both")
    ap.add_argument("--b", type=lambda s: int(s, 0), help="with --c: query only these operands")
    ap.add_argument("--c", type=lambda s: int(s, 0))
    ap.add_argument("--encoding", default="field/qfnia,field/smt",
                    help="ENCODING/STRATEGY with ENCODING field, int or bv and STRATEGY smt (z3's default solver) "
                         "or qfnia (the tactic); a comma list is tried in order per query until one answers "
                         "sat or unsat")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per query and encoding")
    ap.add_argument("--no-controls", action="store_true", help="skip the positive controls")
    ap.add_argument("--strict", action="store_true", help="fail (exit 1) on unknown answers too")
    ap.add_argument("--json-out", help="write the results here")
    args = ap.parse_args()

    if args.constraints:
        chips = load_chips(args.constraints)
    elif args.exporter:
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "chips.json")
            subprocess.run([args.exporter, path], check=True)
            chips = load_chips(path)
    else:
        ap.error("give --exporter or --constraints")

    wanted = [c for c in args.chips.split(",") if c]
    unknown_chips = [c for c in wanted if c not in chips or c not in CHIP_OPS]
    if unknown_chips:
        ap.error(f"unknown chips {unknown_chips}")
    if args.b is not None:
        queries = []
        for chip in wanted:
            for op in CHIP_OPS[chip]:
                queries.append(Query(chip, op, "concrete", args.b, args.c))
    else:
        queries = suite(args.suite, wanted)
    if args.ops:
        ops = args.ops.split(",")
        queries = [q for q in queries if q.op in ops]
    if args.operands != "both":
        queries = [q for q in queries if q.operands == args.operands or q.honest]
    if args.no_controls:
        queries = [q for q in queries if not q.honest]

    encodings = args.encoding.split(",")
    results = []
    for q in queries:
        for encoding in encodings:
            if q.operands == "symbolic" and encoding.endswith("/qfnia"):
                continue  # the qfnia tactic neither answers these nor always honours its timeout
            r = run_query_isolated(chips[q.chip], q, encoding, args.timeout)
            r.query = q  # the forked run returns a copy; the summary groups answers by query identity
            label = (f"{q.chip:8} {q.op:7} {q.operands:9} " +
                     (f"b=0x{q.b:08x} c=0x{q.c:08x} " if q.operands == "concrete" else " " * 26) +
                     ("control " if q.honest else "forgery ") + f"[{encoding}]")
            print(f"{label} {r.status:7} {r.seconds:7.1f}s {r.detail}", flush=True)
            if r.status == "sat" and not q.honest:
                print(f"    witness: {format_witness(r.witness)}", flush=True)
            results.append(r)
            if r.status in ("sat", "unsat", "error"):
                break

    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump([{"chip": r.query.chip, "op": r.query.op, "operands": r.query.operands, "b": r.query.b,
                        "c": r.query.c, "control": r.query.honest, "encoding": r.encoding, "status": r.status,
                        "seconds": round(r.seconds, 2), "detail": r.detail, "witness": r.witness}
                       for r in results], f, indent=1)

    # A query counts by its last encoding's answer.
    final = {}
    for r in results:
        final[id(r.query)] = r
    forgeries = [r for r in final.values() if not r.query.honest and r.status == "sat"]
    errors = [r for r in final.values() if r.status == "error" or (r.query.honest and r.status != "sat")]
    unknowns = [r for r in final.values() if not r.query.honest and r.status == "unknown"]
    unsats = [r for r in final.values() if not r.query.honest and r.status == "unsat"]
    print(f"\n{len(forgeries)} forgeries, {len(unsats)} unsat, {len(unknowns)} unknown, {len(errors)} errors "
          f"(controls not sat or witnesses failing the re-check)")
    for r in unknowns:
        print(f"  unknown: {r.query.chip} {r.query.op} {r.query.operands} "
              + (f"b=0x{r.query.b:08x} c=0x{r.query.c:08x}" if r.query.operands == "concrete" else ""))
    if errors:
        for r in errors:
            print(f"  error: {r.query.chip} {r.query.op} {r.query.note}: {r.status} {r.detail}")
        return 2
    if forgeries or (args.strict and unknowns):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
