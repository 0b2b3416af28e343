#pragma once
/// \file portable_math.h
/// sin, cos, exp, exp2 and exp10 that give the same bits on every platform the core runs on.
///
/// The C library's versions differ between glibc (native Linux, with CPU-dependent variants
/// chosen at load time) and musl (Emscripten's WebAssembly): both are accurate to about one unit
/// in the last place but round differently in a fraction of the arguments. Any such difference in
/// a filter coefficient or a gain reaches the output samples. These functions use only IEEE-754
/// double +, −, × and ÷ (each correctly rounded by definition) in a fixed order,
/// and the core is compiled without floating-point contraction (-ffp-contract=off; WebAssembly has
/// no fused multiply-add), so the result depends on the argument only.
///
/// The algorithms and polynomial coefficients are those of fdlibm (Sun Microsystems, as used by
/// FreeBSD and musl): "Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
/// Developed at SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
/// distribute this software is freely granted, provided that this notice is preserved."
/// Accuracy: within about one unit in the last place (measured against long double in
/// tests/core/portable_math_test.cpp).

#include <cmath>
#include <cstdint>

namespace wavegraph::math {

namespace detail {

/// x rounded to the nearest integer, ties to even, for |x| < 2^51 (as nearbyint in the default
/// rounding mode): adding and removing 1.5·2^52 leaves no fraction bits. Inline, where
/// std::nearbyint is a library call on baseline x86-64. [any]
inline double roundToInteger(double x) noexcept {
    constexpr double kShift = 0x1.8p52;
    return (x + kShift) - kShift;
}

/// y · 2^k, exact when the result is normal (the only case the callers produce for k within
/// −1022…1023; std::ldexp otherwise). [any]
inline double scaleByPowerOfTwo(double y, int k) noexcept {
    if (k < -1022 || k > 1023) return std::ldexp(y, k);
    return y * __builtin_bit_cast(double, static_cast<uint64_t>(k + 1023) << 52);
}

/// fdlibm __kernel_sin with the tail y of the reduced argument x + y, |x| ≤ π/4. [any]
inline double kernelSin(double x, double y) noexcept {
    constexpr double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
                     S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
                     S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    const double z = x * x;
    const double w = z * z;
    const double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    const double v = z * x;
    return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

/// fdlibm __kernel_cos with the tail y of the reduced argument x + y, |x| ≤ π/4. [any]
inline double kernelCos(double x, double y) noexcept {
    constexpr double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
                     C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09,
                     C6 = -1.13596475577881948265e-11;
    const double z = x * x;
    const double w = z * z;
    const double r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    const double hz = 0.5 * z;
    const double one = 1.0 - hz;
    return one + (((1.0 - one) - hz) + (z * r - x * y));
}

/// x = n·π/2 + (y0 + y1), |y0| ≤ about π/4: Cody–Waite with π/2 in three parts of 33 bits
/// (the products n·part are exact for |n| < 2^20). Larger |x| are first brought into
/// [−2π, 2π] with fmod (exact), which keeps the result deterministic but not the last bits of
/// sin(x) for huge x (no caller passes such arguments). [any]
inline int reduceHalfPi(double x, double& y0, double& y1) noexcept {
    constexpr double kInvHalfPi = 6.36619772367581382433e-01;
    constexpr double kPart1 = 1.57079632673412561417e+00, kPart2 = 6.07710050630396597660e-11,
                     kPart2Tail = 2.02226624879595063154e-21;
    if (!(std::fabs(x) < 1.0e5)) {
        x = std::fmod(x, 6.28318530717958647692);  // exact; NaN, inf → NaN
        if (std::isnan(x)) {
            y0 = y1 = x;
            return 0;
        }
    }
    const double n = roundToInteger(x * kInvHalfPi);  // |x| < 1e5 here
    double r = x - n * kPart1;                        // exact
    double w = n * kPart2;                            // exact
    const double t = r;
    r = t - w;
    w = n * kPart2Tail - ((t - r) - w);
    y0 = r - w;
    y1 = (r - y0) - w;
    return static_cast<int>(static_cast<long long>(n) & 3);
}

/// e^(hi − lo) where hi − lo is the argument already reduced by k·ln 2, times 2^k. [any]
inline double expReduced(double hi, double lo, int k) noexcept {
    constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
                     P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
    const double x = hi - lo;
    const double xx = x * x;
    const double c = x - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
    const double y = 1.0 + (x * c / (2.0 - c) - lo + hi);
    return scaleByPowerOfTwo(y, k);
}

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // upper 32 bits of ln 2: k·kLn2Hi exact
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kExpOverflow = 7.09782712893383973096e+02;    // e^x = inf above
constexpr double kExpUnderflow = -7.45133219101941108420e+02;  // e^x = 0 below

/// e^(xh + xl) for a double-double argument (|xl| ≪ |xh|). [any]
inline double expDoubleDouble(double xh, double xl) noexcept {
    if (std::isnan(xh)) return xh;
    if (xh > kExpOverflow) return HUGE_VAL;
    if (xh < kExpUnderflow) return 0.0;
    const double k = roundToInteger(kInvLn2 * xh);  // |xh| ≤ 746 here
    const double hi = xh - k * kLn2Hi;              // exact
    const double lo = k * kLn2Lo - xl;
    return expReduced(hi, lo, static_cast<int>(k));
}

/// a = hi + lo with hi holding the upper 26 bits (Veltkamp), so that hi·c and lo·c are exact
/// for a constant c of at most 27 significant bits. [any]
inline void split(double a, double& hi, double& lo) noexcept {
    constexpr double kSplitter = 134217729.0;  // 2^27 + 1
    const double t = kSplitter * a;
    hi = t - (t - a);
    lo = a - hi;
}

}  // namespace detail

/// sin x, the same bits everywhere. [any]
inline double sin(double x) noexcept {
    double y0, y1;
    switch (detail::reduceHalfPi(x, y0, y1)) {
        case 0: return detail::kernelSin(y0, y1);
        case 1: return detail::kernelCos(y0, y1);
        case 2: return -detail::kernelSin(y0, y1);
        default: return -detail::kernelCos(y0, y1);
    }
}

/// cos x, the same bits everywhere. [any]
inline double cos(double x) noexcept {
    double y0, y1;
    switch (detail::reduceHalfPi(x, y0, y1)) {
        case 0: return detail::kernelCos(y0, y1);
        case 1: return -detail::kernelSin(y0, y1);
        case 2: return -detail::kernelCos(y0, y1);
        default: return detail::kernelSin(y0, y1);
    }
}

/// sin x and cos x with one argument reduction (the same bits as sin(x) and cos(x)). [any]
inline void sincos(double x, double& sinX, double& cosX) noexcept {
    double y0, y1;
    const int quadrant = detail::reduceHalfPi(x, y0, y1);
    const double s = detail::kernelSin(y0, y1), c = detail::kernelCos(y0, y1);
    switch (quadrant) {
        case 0:
            sinX = s;
            cosX = c;
            break;
        case 1:
            sinX = c;
            cosX = -s;
            break;
        case 2:
            sinX = -s;
            cosX = -c;
            break;
        default:
            sinX = -c;
            cosX = s;
            break;
    }
}

/// e^x, the same bits everywhere. [any]
inline double exp(double x) noexcept { return detail::expDoubleDouble(x, 0.0); }

/// 2^x, the same bits everywhere; exact for integer x in the normal range. [any]
inline double exp2(double x) noexcept {
    if (std::isnan(x)) return x;
    if (x > 1024.0) return HUGE_VAL;
    if (x < -1080.0) return 0.0;
    const double k = detail::roundToInteger(x);  // |x| ≤ 1080 here
    const double r = x - k;                      // exact, |r| ≤ ½
    if (r == 0.0) return detail::scaleByPowerOfTwo(1.0, static_cast<int>(k));
    // ln 2 = kLn2Hi + kLn2Lo; r·ln 2 as a double-double (the split keeps the first product exact).
    double rh, rl;
    detail::split(r, rh, rl);
    constexpr double kLn2Hi26 = 0x1.62e43p-1;            // ln 2 rounded to 26 bits
    constexpr double kLn2Lo26 = -0x1.05c610ca86c39p-29;  // ln 2 − kLn2Hi26
    const double ph = rh * kLn2Hi26;                     // exact
    const double pl = rl * kLn2Hi26 + r * kLn2Lo26;
    const double h = ph + pl;
    const double l = pl - (h - ph);
    return detail::scaleByPowerOfTwo(detail::expDoubleDouble(h, l), static_cast<int>(k));
}

/// 10^x, the same bits everywhere (x·ln 10 formed as a double-double, then e^). [any]
inline double exp10(double x) noexcept {
    if (std::isnan(x)) return x;
    if (x > 309.0) return HUGE_VAL;
    if (x < -330.0) return 0.0;
    constexpr double kLn10Hi26 = 0x1.26bb1b8p+1;         // ln 10 rounded to 26 bits
    constexpr double kLn10Lo26 = 0x1.daaa8ac16ea57p-26;  // ln 10 − kLn10Hi26
    double xh, xl;
    detail::split(x, xh, xl);
    const double ph = xh * kLn10Hi26;  // exact
    const double pl = xl * kLn10Hi26 + x * kLn10Lo26;
    const double h = ph + pl;
    const double l = pl - (h - ph);
    return detail::expDoubleDouble(h, l);
}

/// Linear amplitude of a level in dB: 10^(db/20). [any]
inline double dbToGain(double db) noexcept { return exp10(db / 20.0); }

}  // namespace wavegraph::math
