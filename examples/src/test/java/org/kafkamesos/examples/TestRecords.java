package org.kafkamesos.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Records the end-to-end tests write: keys {@code 0..n-1}, values {@code record <key>}. */
final class TestRecords {

    private TestRecords() {
    }

    /** Produces {@code n} records to {@code topic} with acks=all and waits until every one is acknowledged. */
    static void produce(String bootstrap, String topic, int n) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), "record " + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(1, TimeUnit.MINUTES);
            }
        }
    }
}
