package org.kafkamesos.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to what the server refuses before {@link ApiHandler} sees it (a malformed URI or request line,
 * headers too large, a body the server cannot read): {@code {"error":"..."}} with the status, naming the
 * request target where the server parsed one, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MALFORMED_ESCAPE = "the request target holds a malformed %-escape: each '%' must be"
            + " followed by two hex digits, as in %2C for a comma";
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR_500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        Object failure = request.getAttribute(ERROR_EXCEPTION);
        String reason = failure instanceof Throwable t && malformedEscape(t) ? MALFORMED_ESCAPE
                : message != null ? message.toString()
                : failure instanceof Throwable t && t.getMessage() != null ? t.getMessage() : null;
        // a request the server could not parse is handed over with a placeholder target of its own
        String target = reason == MALFORMED_ESCAPE ? null : target(request.getHttpURI());
        response.getHeaders().put(CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(status, reason, target)), callback);
        return true;
    }

    /** Whether the server refused the request line because a {@code %} was not followed by two hex digits. */
    private static boolean malformedEscape(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof NumberFormatException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, reason, null));
    }

    private static String target(HttpURI uri) {
        return uri == null ? null : uri.getPathQuery();
    }

    /** {@code {"error":"<status> <reason>: <why>, in <target>"}}. */
    static byte[] body(int status, String reason, String target) {
        StringBuilder error = new StringBuilder().append(status).append(' ').append(HttpStatus.getMessage(status));
        if (reason != null && !reason.isBlank() && !reason.equals(HttpStatus.getMessage(status))) {
            error.append(": ").append(reason);
        }
        if (target != null && !target.isEmpty()) {
            error.append(" (request target '").append(target).append("')");
        }
        try {
            return JSON.writeValueAsBytes(BrokerJson.error(error.toString()));
        } catch (JsonProcessingException e) {
            return ("{\"error\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
