package org.kafkamesos.core.rebalance;

import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/** An Admin client created on first use; closed on {@link #close()} only when this handle created it. */
final class AdminHandle implements AutoCloseable {

    private final Supplier<Admin> admins;
    private final boolean owned;
    private Admin admin;

    AdminHandle(Supplier<Admin> admins, boolean owned) {
        this.admins = admins;
        this.owned = owned;
    }

    synchronized Admin get() {
        if (admin == null) {
            admin = admins.get();
            if (admin == null) {
                throw new IllegalStateException("the Admin supplier returned null");
            }
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (owned && admin != null) {
            admin.close();
        }
        admin = null;
    }
}
