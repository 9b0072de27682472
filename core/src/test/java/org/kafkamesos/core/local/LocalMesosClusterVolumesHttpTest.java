package org.kafkamesos.core.local;

/** Every test of {@link LocalMesosClusterVolumesTest}, with the schedulers on Mesos' V1 HTTP scheduler API over real HTTP. */
class LocalMesosClusterVolumesHttpTest extends LocalMesosClusterVolumesTest {

    @Override
    SchedulerTransport transport() {
        return SchedulerTransport.HTTP;
    }
}
