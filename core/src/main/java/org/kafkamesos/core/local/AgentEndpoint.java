package org.kafkamesos.core.local;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.executor.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.kafkamesos.executor.v1.Evolve;

/**
 * A local agent's {@code POST /api/v1/executor}, with the answers Mesos 1.11's agent gives (docs/executor-http-api.md,
 * {@code src/slave/http.cpp}): SUBSCRIBE opens a {@code 200} event stream for the executor; UPDATE and MESSAGE are
 * {@code 202 Accepted}; {@code 400} for a body that is not a valid call, an unknown framework or executor, an update
 * whose uuid is not 16 bytes or whose state is {@code TASK_STAGING}; {@code 403} for a call of an executor that has not
 * subscribed; {@code 405} for another method than POST, {@code 415} for a body that is not
 * {@code application/x-protobuf} (the local agent speaks protobuf only). Framework messages from executors are taken
 * and dropped, as the local cluster's in-process executors' are; the agent sends no heartbeats (Mesos sends one every
 * 30 minutes).
 */
final class AgentEndpoint {

    static final String PATH = "/api/v1/executor";
    private static final String PROTOBUF = "application/x-protobuf";

    private final Map<String, ExecutorProcess> executors;

    /** @param executors the agent's executor processes by executor id, as they start and end */
    AgentEndpoint(Map<String, ExecutorProcess> executors) {
        this.executors = executors;
    }

    boolean handle(Request request, Response response, Callback callback) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return SchedulerEndpoint.answer(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    "Expecting 'POST', received '" + request.getMethod() + "'");
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!PROTOBUF.equals(type)) {
            return SchedulerEndpoint.answer(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "Expecting "
                    + "'Content-Type' of " + PROTOBUF + " (the local agent serves protobuf only), received '" + type + "'");
        }
        Call call;
        try (InputStream body = Content.Source.asInputStream(request)) {
            call = Call.parseFrom(body.readAllBytes());
        } catch (InvalidProtocolBufferException e) {
            return SchedulerEndpoint.answer(response, callback, HttpStatus.BAD_REQUEST_400,
                    "Failed to parse body into Call protobuf: " + e.getMessage());
        }
        ExecutorProcess executor = executors.get(call.getExecutorId().getValue());
        if (executor == null || !executor.frameworkId().equals(call.getFrameworkId().getValue())) {
            return SchedulerEndpoint.answer(response, callback, HttpStatus.BAD_REQUEST_400, "Executor '"
                    + call.getExecutorId().getValue() + "' of framework '" + call.getFrameworkId().getValue()
                    + "' is not known on this agent");
        }
        switch (call.getType()) {
            case SUBSCRIBE:
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROTOBUF);
                EventStream stream = new EventStream(response, callback, failure -> { });
                executor.subscribed(stream, call.getSubscribe().getUnacknowledgedUpdatesList().stream()
                        .map(u -> Evolve.as(u.getStatus(), Protos.TaskStatus.parser())).toList());
                return true;
            case UPDATE:
                if (!executor.isSubscribed()) {
                    return SchedulerEndpoint.answer(response, callback, HttpStatus.FORBIDDEN_403, "Executor is not subscribed");
                }
                Protos.TaskStatus status = Evolve.as(call.getUpdate().getStatus(), Protos.TaskStatus.parser());
                if (status.getUuid().size() != 16) {
                    return SchedulerEndpoint.answer(response, callback, HttpStatus.BAD_REQUEST_400,
                            "'uuid' is not a valid UUID (" + status.getUuid().size() + " bytes, expected 16)");
                }
                if (status.getState() == Protos.TaskState.TASK_STAGING) {
                    return SchedulerEndpoint.answer(response, callback, HttpStatus.BAD_REQUEST_400,
                            "An executor may not send a TASK_STAGING update");
                }
                executor.update(status);
                return accepted(response, callback);
            case MESSAGE:
                return accepted(response, callback);
            default:
                return SchedulerEndpoint.answer(response, callback, HttpStatus.BAD_REQUEST_400,
                        "Expecting a SUBSCRIBE, UPDATE or MESSAGE call, received " + call.getType());
        }
    }

    private static boolean accepted(Response response, Callback callback) {
        response.setStatus(HttpStatus.ACCEPTED_202);
        response.write(true, null, callback);
        return true;
    }
}
