package org.kafkamesos.state;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The reference-model property against a real ZooKeeper: one server and client, a fresh root per chain. */
class ZooKeeperStateStoreProperties extends StateStoreModelProperties {

    private static TestingServer server;
    private static CuratorFramework client;

    @BeforeContainer
    static void start() throws Exception {
        server = new TestingServer();
        client = ZooKeeperTestSupport.client(server);
    }

    @AfterContainer
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    @Override
    protected StateStore newStore() {
        return ZooKeeperStateStore.builder(client, ZooKeeperTestSupport.uniqueRoot()).build();
    }
}
