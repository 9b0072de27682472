package org.kafkamesos.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.kafkamesos.core.kafka.KafkaOperationException;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.rebalance.RebalanceException;
import org.kafkamesos.state.StateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request to its endpoint and sends the answer, or the error as JSON with its status:
 *
 * <pre>
 * 400  bad input: an unknown parameter, a malformed value, a missing broker; {@link IllegalArgumentException}
 * 404  an unknown path, broker or topic ({@link CommandRejectedException.Kind#UNKNOWN_BROKER}, {@code UNKNOWN})
 * 405  a method other than GET and POST
 * 409  a command that does not fit a broker's state ({@link CommandRejectedException.Kind#CONFLICT})
 * 413, 415  a form body too large, or not a form
 * 501  logs without a {@link BrokerLogs}
 * 503  the cluster failed ({@link IllegalStateException}, after its store failed), or Kafka did not answer or
 *      failed ({@link KafkaOperationException}, {@link RebalanceException}), or the store failed a write
 * 500  anything else: a generic message, the exception logged
 * </pre>
 *
 * The answer is sent when the endpoint's future completes, on the API's executor: a request that waits
 * holds no thread.
 */
final class ApiHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, BrokerEndpoints.Endpoint> routes;
    private final Executor executor;

    ApiHandler(Map<String, BrokerEndpoints.Endpoint> routes, Executor executor) {
        this.routes = Map.copyOf(routes);
        this.executor = executor;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        CompletableFuture<Response> answer;
        try {
            answer = dispatch(exchange, method);
        } catch (RuntimeException | IOException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.handleAsync((response, e) -> response != null ? response : error(method, path, e), executor)
                .thenAccept(response -> send(exchange, response));
    }

    private CompletableFuture<Response> dispatch(HttpExchange exchange, String method) throws IOException {
        Request request = Request.read(exchange);
        BrokerEndpoints.Endpoint endpoint = routes.get(request.path());
        if (endpoint == null) {
            throw new HttpError(404, "no endpoint at " + request.path() + "; endpoints: " + String.join(", ", new TreeSet<>(routes.keySet())));
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new HttpError(405, "method " + method + " is not allowed on " + request.path() + "; use GET or POST");
        }
        request.accept(endpoint.parameters());
        return endpoint.action().apply(request);
    }

    /** The answer to a failed request. */
    static Response error(String method, String path, Throwable failure) {
        Throwable e = cause(failure);
        int status;
        if (e instanceof HttpError h) {
            status = h.status();
        } else if (e instanceof CommandRejectedException r) {
            switch (r.kind()) {
                case UNKNOWN_BROKER:
                case UNKNOWN:
                    status = 404;
                    break;
                case CONFLICT:
                    status = 409;
                    break;
                default:
                    status = 400;
            }
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
        } else if (e instanceof KafkaOperationException || e instanceof RebalanceException || e instanceof StateStoreException) {
            LOG.warn("{} {}: Kafka did not serve it: {}", method, path, e.getMessage());
            status = 503;
        } else if (e instanceof IllegalStateException) {
            LOG.warn("{} {} refused: {}", method, path, e.getMessage());
            status = 503;
        } else {
            LOG.error("{} {} failed", method, path, e);
            return new Response(500, BrokerJson.error("internal error while handling " + method + " " + path
                    + "; the scheduler's log has the details"));
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "request refused" : e.getMessage();
        return new Response(status, BrokerJson.error(message));
    }

    /** The failure behind the wrappers futures add. */
    static Throwable cause(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static void send(HttpExchange exchange, Response response) {
        LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), response.status());
        try {
            byte[] body = JSON.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            if (response.status() == 405) {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
            }
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            LOG.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
        } finally {
            exchange.close();
        }
    }
}
