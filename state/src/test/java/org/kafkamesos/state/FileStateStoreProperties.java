package org.kafkamesos.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The reference-model property against a file store: a fresh directory per chain, all under one temporary directory. */
class FileStateStoreProperties extends StateStoreModelProperties {

    private static final AtomicInteger CHAINS = new AtomicInteger();
    private static Path base;

    @BeforeContainer
    static void createBase() throws IOException {
        base = Files.createTempDirectory("file-state-store-properties");
    }

    @AfterContainer
    static void deleteBase() throws IOException {
        try (var paths = Files.walk(base)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    protected StateStore newStore() {
        return FileStateStore.open(base.resolve("chain-" + CHAINS.incrementAndGet()));
    }
}
