package org.kafkamesos.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An answer to send.
 *
 * @param status the HTTP status
 * @param body   the JSON body
 */
record Response(int status, ObjectNode body) {

    static Response ok(ObjectNode body) {
        return new Response(200, body);
    }
}
