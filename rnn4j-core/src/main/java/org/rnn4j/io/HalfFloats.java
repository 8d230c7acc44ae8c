package org.rnn4j.io;

/** Widening of the 16-bit float formats to float32; both conversions are exact. */
final class HalfFloats {
    private HalfFloats() {
    }

    /** IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits), as {@code Float.float16ToFloat} in Java 20. */
    static float fromFloat16(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) { // infinity, or NaN with its payload kept
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in float32
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // Rebias the exponent from 15 to 127; the mantissa gains 13 low zero bits.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** bfloat16 is the top half of a float32. */
    static float fromBfloat16(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }
}
