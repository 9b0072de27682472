package org.kafkamesos.core.local;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.kafkamesos.executor.v1.Evolve;

/**
 * The local master's {@code POST /api/v1/scheduler}, with the answers Mesos 1.11 gives (docs/scheduler-http-api.md,
 * {@code src/master/http.cpp}): SUBSCRIBE opens a {@code 200} chunked event stream ({@link SchedulerStream}) with a
 * {@code Mesos-Stream-Id} header; every other call is {@code 202 Accepted}, or {@code 400} without a
 * {@code Mesos-Stream-Id}, with one that is not the framework's stream, for an unknown framework or a body that is
 * not a valid call, {@code 403} for a framework that is not subscribed, {@code 405} for another method than POST,
 * {@code 406} for a SUBSCRIBE that accepts no protobuf, {@code 415} for a body that is not
 * {@code application/x-protobuf}. A new SUBSCRIBE of a framework replaces its stream, and the old one gets the ERROR
 * "Framework failed over" and is closed; TEARDOWN removes the framework and kills its tasks. A subscriber that goes
 * away is disconnected (its tasks wait for its failover timeout) once a write to its stream fails, so at the latest
 * at the second heartbeat after, where Mesos, reading the socket, sees it close at once.
 *
 * <p>Not served, unlike Mesos: {@code application/json} bodies (the local master speaks protobuf only), and the calls
 * the scheduler does not make (SHUTDOWN, REQUEST, inverse offers, operation reconciliation), which get a
 * {@code 501} that says so.
 */
final class SchedulerEndpoint {

    static final String PATH = "/api/v1/scheduler";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String STREAM_ID = "Mesos-Stream-Id";

    private final LocalMaster master;
    private final Duration heartbeat;
    private final ScheduledExecutorService timer;
    private final Map<String, SchedulerStream> streams = new ConcurrentHashMap<>();

    SchedulerEndpoint(LocalMaster master, Duration heartbeat, ScheduledExecutorService timer) {
        this.master = master;
        this.heartbeat = heartbeat;
        this.timer = timer;
    }

    /** The subscriber streams open now, by framework id. */
    Map<String, SchedulerStream> streams() {
        return Map.copyOf(streams);
    }

    boolean handle(Request request, Response response, Callback callback) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return answer(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "Expecting 'POST', received '"
                    + request.getMethod() + "'");
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!PROTOBUF.equals(type)) {
            return answer(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "Expecting 'Content-Type' of "
                    + PROTOBUF + " (the local master serves protobuf only), received '" + type + "'");
        }
        Call call;
        try (InputStream body = Content.Source.asInputStream(request)) {
            call = Call.parseFrom(body.readAllBytes());
        } catch (InvalidProtocolBufferException e) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400, "Failed to parse body into Call protobuf: "
                    + e.getMessage());
        }
        Optional<String> streamId = Optional.ofNullable(request.getHeaders().get(STREAM_ID));
        if (call.getType() == Call.Type.SUBSCRIBE) {
            return subscribe(call, streamId, request, response, callback);
        }
        if (streamId.isEmpty()) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400, "All non-subscribe calls should include the '"
                    + STREAM_ID + "' header");
        }
        if (!call.hasFrameworkId()) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400, "Expecting 'framework_id' to be present");
        }
        String frameworkId = call.getFrameworkId().getValue();
        SchedulerStream stream = streams.get(frameworkId);
        if (stream == null || !stream.isOpen()) {
            if (!master.knowsFramework(frameworkId)) {
                return answer(response, callback, HttpStatus.BAD_REQUEST_400, "Framework '" + frameworkId + "' not found");
            }
            return answer(response, callback, HttpStatus.FORBIDDEN_403, "Framework is not subscribed");
        }
        if (!stream.id.equals(streamId.get())) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400, "The stream ID '" + streamId.get()
                    + "' included in this request didn't match the stream ID currently associated with framework ID "
                    + frameworkId);
        }
        Optional<String> refused = dispatch(call, stream);
        if (refused.isPresent()) {
            int code = refused.get().startsWith("501 ") ? HttpStatus.NOT_IMPLEMENTED_501 : HttpStatus.BAD_REQUEST_400;
            return answer(response, callback, code, refused.get().replaceFirst("^501 ", ""));
        }
        response.setStatus(HttpStatus.ACCEPTED_202);
        response.write(true, null, callback);
        return true;
    }

    private boolean subscribe(Call call, Optional<String> streamId, Request request, Response response, Callback callback) {
        if (streamId.isPresent()) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400, "Subscribe calls should not include the '"
                    + STREAM_ID + "' header");
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        if (accept != null && !accept.contains(PROTOBUF) && !accept.contains("*/*")) {
            return answer(response, callback, HttpStatus.NOT_ACCEPTABLE_406, "Expecting 'Accept' to allow " + PROTOBUF
                    + " (the local master streams protobuf only), received '" + accept + "'");
        }
        if (!call.hasSubscribe() || !call.getSubscribe().hasFrameworkInfo()) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400, "Expecting 'subscribe' to be present");
        }
        Protos.FrameworkInfo info = Evolve.as(call.getSubscribe().getFrameworkInfo(), Protos.FrameworkInfo.parser());
        if (info.getUser().isEmpty() || info.getName().isEmpty()) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400, "'framework_info' needs a 'user' and a 'name'");
        }
        if (call.hasFrameworkId() && !call.getFrameworkId().getValue().equals(info.getId().getValue())) {
            return answer(response, callback, HttpStatus.BAD_REQUEST_400,
                    "'framework_id' differs from 'subscribe.framework_info.id'");
        }
        String id = UUID.randomUUID().toString();
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROTOBUF);
        response.getHeaders().put(STREAM_ID, id);
        SchedulerStream stream = new SchedulerStream(id, response, callback, heartbeat, timer,
                subscribed -> streams.put(subscribed.frameworkId(), subscribed));
        LocalSchedulerDriver driver = new LocalSchedulerDriver(master, stream, info);
        stream.bind(driver);
        // Mesos sees a subscriber go when its connection closes, not at the next heartbeat it fails to write
        request.addFailureListener(failure -> stream.broken(failure));
        driver.start();
        return true;
    }

    /** Carries the call out on the subscription's driver; a reason when it is refused. */
    private Optional<String> dispatch(Call call, SchedulerStream stream) {
        LocalSchedulerDriver driver = stream.driver();
        switch (call.getType()) {
            case ACCEPT:
                Call.Accept accept = call.getAccept();
                driver.acceptOffers(Evolve.all(accept.getOfferIdsList(), Protos.OfferID.parser()),
                        Evolve.all(accept.getOperationsList(), Protos.Offer.Operation.parser()),
                        accept.hasFilters() ? Evolve.as(accept.getFilters(), Protos.Filters.parser()) : null);
                return Optional.empty();
            case DECLINE:
                Call.Decline decline = call.getDecline();
                Protos.Filters filters = decline.hasFilters() ? Evolve.as(decline.getFilters(), Protos.Filters.parser()) : null;
                for (Protos.OfferID offer : Evolve.all(decline.getOfferIdsList(), Protos.OfferID.parser())) {
                    driver.declineOffer(offer, filters);
                }
                return Optional.empty();
            case REVIVE:
                driver.reviveOffers(call.getRevive().getRolesList());
                return Optional.empty();
            case SUPPRESS:
                driver.suppressOffers(call.getSuppress().getRolesList());
                return Optional.empty();
            case KILL:
                driver.killTask(Evolve.as(call.getKill().getTaskId(), Protos.TaskID.parser()));
                return Optional.empty();
            case ACKNOWLEDGE:
                return acknowledge(call.getAcknowledge(), driver);
            case RECONCILE:
                driver.reconcileTasks(call.getReconcile().getTasksList().stream().map(SchedulerEndpoint::reconciling).toList());
                return Optional.empty();
            case MESSAGE:
                Call.Message message = call.getMessage();
                driver.sendFrameworkMessage(Evolve.as(message.getExecutorId(), Protos.ExecutorID.parser()),
                        Evolve.as(message.getAgentId(), Protos.SlaveID.parser()), message.getData().toByteArray());
                return Optional.empty();
            case UPDATE_FRAMEWORK:
                driver.updateFramework(Evolve.as(call.getUpdateFramework().getFrameworkInfo(), Protos.FrameworkInfo.parser()),
                        call.getUpdateFramework().getSuppressedRolesList());
                return Optional.empty();
            case TEARDOWN:
                streams.remove(stream.frameworkId(), stream);
                driver.stop(false);
                stream.finish();
                return Optional.empty();
            default:
                return Optional.of("501 the local master does not serve " + call.getType() + " calls; it serves SUBSCRIBE,"
                        + " ACCEPT, DECLINE, REVIVE, SUPPRESS, KILL, ACKNOWLEDGE, RECONCILE, MESSAGE, UPDATE_FRAMEWORK and"
                        + " TEARDOWN");
        }
    }

    private static Optional<String> acknowledge(Call.Acknowledge ack, LocalSchedulerDriver driver) {
        if (ack.getUuid().size() != 16) {
            return Optional.of("Failed to validate scheduler::Call: 'uuid' is not a valid UUID (" + ack.getUuid().size()
                    + " bytes, expected 16)");
        }
        driver.acknowledgeStatusUpdate(Protos.TaskStatus.newBuilder()
                .setTaskId(Evolve.as(ack.getTaskId(), Protos.TaskID.parser()))
                .setSlaveId(Evolve.as(ack.getAgentId(), Protos.SlaveID.parser()))
                .setState(Protos.TaskState.TASK_RUNNING) // required by the V0 message; the master reads the uuid
                .setUuid(ack.getUuid()).build());
        return Optional.empty();
    }

    /** A task to reconcile as the V0 message carries it: Mesos devolves RECONCILE to statuses in TASK_STAGING. */
    private static Protos.TaskStatus reconciling(Call.Reconcile.Task task) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder()
                .setTaskId(Evolve.as(task.getTaskId(), Protos.TaskID.parser())).setState(Protos.TaskState.TASK_STAGING);
        if (task.hasAgentId()) {
            status.setSlaveId(Evolve.as(task.getAgentId(), Protos.SlaveID.parser()));
        }
        return status.build();
    }

    /** Closes every open stream, as a master that stops does. */
    void closeAll() {
        List.copyOf(streams.values()).forEach(SchedulerStream::finish);
        streams.clear();
    }

    static boolean answer(Response response, Callback callback, int code, String message) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, message, callback);
        return true;
    }
}
