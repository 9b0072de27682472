package org.kafkamesos.core.model;

/**
 * Parses broker id expressions as the mesos/kafka CLI writes them, with attribute filters.
 *
 * <pre>
 * *                      every broker
 * 0                      broker 0
 * 0..2                   brokers 0, 1 and 2 (both ends included)
 * 1,3,5                  brokers 1, 3 and 5
 * 0..2,7,9..10           a list mixing ids and ranges, in any order, overlaps allowed
 * *[rack=r1]             every broker whose host has rack=r1
 * 0..4[rack=r1,dc=dc1]   brokers 0 to 4 whose host has rack=r1 and dc=dc1
 * *[hostname=kafka*]     every broker on a host whose name starts with "kafka"
 * *[rack]                every broker whose host has a rack attribute, whatever its value
 * </pre>
 *
 * <p>The grammar, with white space allowed around every token (but not inside an id, a name, a value
 * or {@code ..}):
 *
 * <pre>
 * expression = items [ filter ]
 * items      = "*" | item { "," item }          ("*" stands alone)
 * item       = id [ ".." id ]                   (a range's first id &lt;= its last)
 * id         = digit { digit }                  (0 to 2147483647, leading zeros ignored)
 * filter     = "[" condition { "," condition } "]"    (at most one condition per attribute)
 * condition  = attribute                        the attribute is present
 *            | attribute "=" value              its value is exactly value
 *            | attribute "=" value "*"          its value starts with value
 *            | attribute "=" "*"                same as attribute alone
 * attribute  = one or more characters, none of them white space or = , : [ ] " *
 * value      = one or more characters, none of them white space or = , [ ] *
 * </pre>
 *
 * <p>The wildcard {@code *} in a value is accepted only at its end, as a prefix match; there is no
 * escaping and no regular expression. Names and values are compared exactly, case included.
 * {@code hostname} is the name of the host the broker runs on; other attributes are its Mesos agent's.
 * A filter never matches a broker that runs nowhere. Parsing never throws anything but
 * {@link BrokerIdsParseException}.
 */
public final class BrokerIds {

    /** The accepted forms, as listed at the end of every parse error. */
    public static final String ACCEPTED = "*, 0..2, 1,3,5, *[rack=r1]";

    private BrokerIds() {
    }

    /**
     * Parses a broker id expression, e.g. {@code *}, {@code 0..2,7}, {@code *[rack=r1,hostname=kafka*]}.
     *
     * @throws BrokerIdsParseException when the text is {@code null}, blank or malformed; its
     *                                 {@link BrokerIdsParseException#position() position} points at
     *                                 the bad part
     */
    public static BrokerSelector parse(String text) {
        if (text == null) {
            throw new BrokerIdsParseException("null", 0, "no text given; accepted: " + ACCEPTED);
        }
        return new BrokerIdsParser(text).parse();
    }
}
