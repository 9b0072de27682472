package org.kafkamesos.examples;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Renders amounts for the report: at most three decimals, no trailing zeros. */
final class Amounts {

    private Amounts() {
    }

    static String format(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    static String cpus(double cpus) {
        return format(cpus) + (cpus == 1 ? " cpu" : " cpus");
    }

    static String mb(double mb, String resource) {
        return format(mb) + " MB " + resource;
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
