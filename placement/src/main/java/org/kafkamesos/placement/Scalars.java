package org.kafkamesos.placement;

/** Scalar resource amounts as Mesos writes them, in explanations and attribute text. */
final class Scalars {

    private Scalars() {
    }

    /** Mesos' own rendering of a scalar: no trailing zeros, no exponent. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
