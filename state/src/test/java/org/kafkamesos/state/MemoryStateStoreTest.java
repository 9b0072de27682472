package org.kafkamesos.state;

class MemoryStateStoreTest extends StateStoreContractTest {

    private MemoryStateStore memory;

    @Override
    protected StateStore openStore() {
        memory = MemoryStateStore.create();
        return memory;
    }

    @Override
    protected LeaderElection newParticipant() {
        return memory.leaderElection();
    }
}
