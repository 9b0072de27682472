package org.kafkamesos.core.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An answer to send.
 *
 * @param status the HTTP status
 * @param body   the JSON body
 */
record Answer(int status, ObjectNode body) {

    static Answer ok(ObjectNode body) {
        return new Answer(200, body);
    }
}
