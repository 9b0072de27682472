package org.kafkamesos.core.local;

/** A JVM that stands for a Kafka process an earlier local cluster left running: it waits until it is ended. */
public final class EarlierRunProcess {

    private EarlierRunProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("waiting");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
