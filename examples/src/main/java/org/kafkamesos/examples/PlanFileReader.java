package org.kafkamesos.examples;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.kafkamesos.placement.PlacementRequest;

/**
 * Reads a JSON plan file. Every failure, from a missing file to a field of the wrong type, becomes an
 * {@link IllegalArgumentException} whose message names the file, the place in it and what is accepted.
 */
final class PlanFileReader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PlanFileReader() {
    }

    /** The placement request the file at {@code path} describes. */
    static PlacementRequest read(Path path) {
        String text = readText(path);
        PlanJson plan;
        try {
            plan = MAPPER.readValue(text, PlanJson.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(path + ": " + describe(e), e);
        }
        if (plan == null) {
            throw new IllegalArgumentException(path + ": the file holds null; expected a plan object, see --help");
        }
        try {
            return PlanFileConverter.toRequest(plan);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static String readText(Path path) {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--file: no such file '" + path + "' (working directory "
                    + Path.of("").toAbsolutePath() + "); expected the path of a JSON plan file such as plans/three-racks.json", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("--file: cannot read '" + path + "': permission denied", e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--file: '" + path + "' is not UTF-8 text; expected a JSON plan file", e);
        } catch (IOException e) {
            String why = Files.isDirectory(path) ? "it is a directory" : String.valueOf(e.getMessage());
            throw new IllegalArgumentException("--file: cannot read '" + path + "': " + why + "; expected a JSON plan file", e);
        }
    }

    private static String describe(JacksonException e) {
        String where = where(e);
        if (e instanceof UnrecognizedPropertyException u) {
            return where + "unknown field '" + u.getPropertyName() + "'; accepted: " + names(u.getKnownPropertyIds());
        }
        if (e instanceof InvalidFormatException f) {
            return where + "expected " + expected(f.getTargetType()) + ", got '" + f.getValue() + "'";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return where + "expected " + expected(m.getTargetType());
        }
        return where + "malformed JSON: " + e.getOriginalMessage();
    }

    /** E.g. {@code agents[0].cpus (line 5, column 15): }. */
    private static String where(JacksonException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        JsonLocation at = e.getLocation();
        String position = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (path.length() > 0 && !position.isEmpty()) {
            return path + " (" + position + "): ";
        }
        return path.length() > 0 ? path + ": " : position.isEmpty() ? "" : position + ": ";
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == PlanJson.class) {
            return "a plan object {\"agents\": [...], \"brokers\": [...]}, see --help";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }

    private static String names(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)).stream()
                .collect(Collectors.joining(", "));
    }
}
