package org.kafkamesos.placement;

/** Argument checks shared by the value types. */
final class Names {

    private Names() {
    }

    static String requireNonBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-blank string, got " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    /** Mesos' own rendering of a scalar: no trailing zeros, no exponent. */
    static String formatScalar(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
