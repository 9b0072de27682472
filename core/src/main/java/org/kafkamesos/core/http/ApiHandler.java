package org.kafkamesos.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, BrokerEndpoints.Endpoint> routes;
    private final Executor executor;

    ApiHandler(Map<String, BrokerEndpoints.Endpoint> routes, Executor executor) {
        this.routes = Map.copyOf(routes);
        this.executor = executor;
    }

    @Override
    public boolean handle(Request exchange, Response response, Callback callback) {
        String method = exchange.getMethod();
        String path = exchange.getHttpURI().getPath();
        CompletableFuture<Answer> answer;
        try {
            answer = dispatch(exchange, method);
        } catch (RuntimeException | IOException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.handleAsync((a, e) -> a != null ? a : error(method, path, e), executor)
                .thenAccept(a -> send(method, path, a, response, callback));
        return true;
    }

    private CompletableFuture<Answer> dispatch(Request exchange, String method) throws IOException {
        ApiRequest request = ApiRequest.read(exchange).canonical();
        BrokerEndpoints.Endpoint endpoint = routes.get(request.path());
        if (endpoint == null) {
            MesosKafkaNames.path(request.path()).ifPresent(refused -> {
                throw new HttpError(404, refused);
            });
            throw new HttpError(404, "no endpoint at " + request.path() + "; endpoints: " + String.join(", ", new TreeSet<>(routes.keySet())));
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new HttpError(405, "method " + method + " is not allowed on " + request.path() + "; use GET or POST");
        }
        request.accept(endpoint.parameters());
        return endpoint.action().apply(request);
    }

    /** The answer to a failed request. */
    static Answer error(String method, String path, Throwable failure) {
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
            return new Answer(500, BrokerJson.error("internal error while handling " + method + " " + path
                    + "; the scheduler's log has the details"));
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "request refused" : e.getMessage();
        return new Answer(status, BrokerJson.error(message));
    }

    /** The failure behind the wrappers futures add. */
    static Throwable cause(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static void send(String method, String path, Answer answer, Response response, Callback callback) {
        LOG.debug("{} {} -> {}", method, path, answer.status());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(answer.body());
        } catch (JsonProcessingException e) {
            LOG.error("{} {}: the answer cannot be written as JSON", method, path, e);
            callback.failed(e);
            return;
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        if (answer.status() == 405) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
