package org.kafkamesos.core.mesos.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

class MasterDetectorTest {

    @Test
    void of_anHttpUrlOrHostPort_isThatMaster() {
        assertThat(MasterDetector.of("http://10.0.0.5:5050").leader()).contains(URI.create("http://10.0.0.5:5050"));
        assertThat(MasterDetector.of("https://m1.example:5050/").leader()).contains(URI.create("https://m1.example:5050"));
        assertThat(MasterDetector.of("127.0.0.1:5050").leader()).contains(URI.create("http://127.0.0.1:5050"));
    }

    @Test
    void of_whatIsNoMaster_isRefusedWithWhatIsAccepted() {
        for (String wrong : new String[] {"", "5050", "http://m1", "http://m1:5050/api/v1", "zk://", "zk://zk1:2181",
                "zk://zk1:2181/", "zk://secret@zk1:2181/mesos"}) {
            assertThatThrownBy(() -> MasterDetector.of(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zk://");
        }
        assertThatThrownBy(() -> MasterDetector.of("file:///etc/mesos/master")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("native driver");
    }

    @Test
    void zooKeeper_theLeaderIsTheMasterWithTheLowestSequence_andTheNextOneOnceItIsGone() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            client.start();
            String first = register(client, "10.0.0.1", 5050);
            String second = register(client, "10.0.0.2", 5050);
            register(client, "10.0.0.3", 5051);
            // what else lives there: the replicated log's nodes, and a pre-JSON master's protobuf info
            client.create().forPath("/mesos/log_replicas", new byte[0]);
            client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath("/mesos/info_", new byte[] {8, 1});

            try (MasterDetector detector = MasterDetector.of("zk://" + zk.getConnectString() + "/mesos")) {
                assertThat(detector.leader()).contains(URI.create("http://10.0.0.1:5050"));

                client.delete().forPath(first);
                assertThat(detector.leader()).contains(URI.create("http://10.0.0.2:5050"));

                client.delete().forPath(second);
                assertThat(detector.leader()).contains(URI.create("http://10.0.0.3:5051"));
            }
        }
    }

    @Test
    void zooKeeper_noMasterRegistered_isNoLeaderYet() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             MasterDetector detector = MasterDetector.of("zk://" + zk.getConnectString() + "/mesos")) {
            assertThat(detector.leader()).isEmpty();
        }
    }

    /** A master's node as Mesos' contender creates it: ephemeral, sequential, its MasterInfo as JSON. */
    private static String register(CuratorFramework client, String ip, int port) throws Exception {
        return client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath("/mesos/json.info_", info(ip, port));
    }

    private static byte[] info(String ip, int port) {
        return ("{\"id\":\"m-" + port + "\",\"pid\":\"master@" + ip + ":" + port + "\",\"port\":" + port
                + ",\"hostname\":\"master-" + ip + "\",\"version\":\"1.11.0\",\"address\":{\"hostname\":\"master-" + ip
                + "\",\"ip\":\"" + ip + "\",\"port\":" + port + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
