/**
 * Numbers in messages exactly as the C++ core prints them (core/base/format_number.cpp: printf
 * "%.6g", musl/glibc, rounding the exact binary value half-to-even), so that TypeScript and C++
 * validation messages are the same text.
 *
 * @module
 */

const PRECISION = 6;
const scratch = new DataView(new ArrayBuffer(8));

/** The exact decimal value of a finite positive double: digits × 10^exponent. */
function exactDecimal(value: number): { digits: string; exponent: number } {
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const binaryExponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;  // value = mantissa × 2^binaryExponent
  if (binaryExponent >= 0) return { digits: (mantissa << BigInt(binaryExponent)).toString(), exponent: 0 };
  // m × 2^-k = m × 5^k × 10^-k
  return { digits: (mantissa * 5n ** BigInt(-binaryExponent)).toString(), exponent: binaryExponent };
}

/**
 * `printf("%.6g", value)`: "-20", "0.5", "1e-07", "1.23457e+06", "nan", "inf", "-inf".
 * [any thread] Allocates the string.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) {
    scratch.setFloat64(0, value);
    return scratch.getUint8(0) & 0x80 ? '-nan' : 'nan';
  }
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = exactDecimal(Math.abs(value));
  let decimalExponent = digits.length - 1 + exponent;  // value = d.ddd × 10^decimalExponent
  let significant = digits.slice(0, PRECISION);
  if (digits.length > PRECISION) {
    const rest = digits.slice(PRECISION);
    const first = rest.charCodeAt(0) - 48;
    const tail = /[1-9]/.test(rest.slice(1));
    const roundUp = first > 5 || (first === 5 && (tail || (significant.charCodeAt(PRECISION - 1) - 48) % 2 === 1));
    if (roundUp) {
      significant = (BigInt(significant) + 1n).toString();
      if (significant.length > PRECISION) {
        significant = significant.slice(0, PRECISION);
        decimalExponent += 1;
      }
    }
  }
  significant = significant.padEnd(PRECISION, '0');
  if (decimalExponent < -4 || decimalExponent >= PRECISION) {
    const fractionDigits = significant.slice(1).replace(/0+$/, '');
    const magnitude = Math.abs(decimalExponent).toString().padStart(2, '0');
    return `${sign}${significant[0]}${fractionDigits ? '.' + fractionDigits : ''}e${decimalExponent < 0 ? '-' : '+'}${magnitude}`;
  }
  let integerPart: string;
  let fractionPart: string;
  if (decimalExponent >= 0) {
    integerPart = significant.slice(0, decimalExponent + 1);
    fractionPart = significant.slice(decimalExponent + 1);
  } else {
    integerPart = '0';
    fractionPart = '0'.repeat(-decimalExponent - 1) + significant;
  }
  fractionPart = fractionPart.replace(/0+$/, '');
  return `${sign}${integerPart}${fractionPart ? '.' + fractionPart : ''}`;
}
