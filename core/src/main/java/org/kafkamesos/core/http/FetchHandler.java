package org.kafkamesos.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /fetch/<name>}: the files Mesos agents fetch for the scheduler's tasks (the executor jar, the Kafka
 * distribution archive), as mesos/kafka's scheduler serves its jar and Kafka; every other request goes on to the API.
 * An unknown name is a {@code 404} that lists the names served; another method than GET or HEAD a {@code 405}.
 */
final class FetchHandler extends Handler.Wrapper {

    static final String PREFIX = "/fetch/";
    private static final int CHUNK = 64 * 1024;

    private final Map<String, Path> files;

    FetchHandler(Map<String, Path> files, Handler next) {
        super(next);
        this.files = Map.copyOf(files);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith(PREFIX)) {
            return super.handle(request, response, callback);
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return text(response, callback, 405, "method " + method + " is not allowed on " + path + "; use GET");
        }
        Path file = files.get(path.substring(PREFIX.length()));
        if (file == null || !Files.isRegularFile(file)) {
            return text(response, callback, 404, "nothing to fetch at " + path + "; served: "
                    + String.join(", ", new TreeSet<>(files.keySet())));
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(file));
        if (method.equals("HEAD")) {
            response.write(true, null, callback);
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                Callback.Completable written = new Callback.Completable();
                response.write(false, ByteBuffer.wrap(buffer, 0, n), written);
                written.get(5, TimeUnit.MINUTES);
            }
            response.write(true, null, callback);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            callback.failed(e);
        }
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, message, callback);
        return true;
    }
}
