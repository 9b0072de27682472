package org.kafkamesos.examples;

import java.util.Locale;
import org.kafkamesos.placement.Strategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Strategies by the names users type: {@code spread}, {@code bin-pack}, {@code first-fit}. */
final class StrategyNames implements ITypeConverter<Strategy> {

    /** The names of all strategies, a constant so that help texts can use it. */
    static final String ACCEPTED = "spread, bin-pack, first-fit";

    /** The user-facing name, e.g. {@code bin-pack}. */
    static String name(Strategy strategy) {
        return strategy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a name in any case, with {@code -} or {@code _}. */
    static Strategy parse(String text) {
        String key = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Strategy s : Strategy.values()) {
            if (s.name().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + text + "'; accepted: " + ACCEPTED);
    }

    @Override
    public Strategy convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
