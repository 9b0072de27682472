package org.kafkamesos.state;

class MemoryStateStoreProperties extends StateStoreModelProperties {

    @Override
    protected StateStore newStore() {
        return MemoryStateStore.create();
    }
}
