package org.kafkamesos.core.local;

/** Every test of {@link LocalMesosClusterTest}, with the schedulers on Mesos' V1 HTTP scheduler API over real HTTP. */
class LocalMesosClusterHttpTest extends LocalMesosClusterTest {

    @Override
    SchedulerTransport transport() {
        return SchedulerTransport.HTTP;
    }
}
