package org.kafkamesos.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * Random sequences of operations give the same observable results on a store as on a plain sorted
 * map: the return value or the type of failure of every operation, and the whole contents after each.
 * Each store runs it through a subclass that opens fresh stores.
 */
abstract class StateStoreModelProperties {

    private static final List<String> KEYS = List.of("/a", "/b", "/brokers/1", "/brokers/2", "/brokers/1/config");
    private static final List<String> PARENTS = List.of("/", "/brokers", "/brokers/1", "/a");

    /** A fresh, empty store for one chain of operations. */
    protected abstract StateStore newStore();

    /** The store under test beside the reference model. */
    static final class Pair {
        final StateStore store;
        final Reference model = new Reference();

        Pair(StateStore store) {
            this.store = store;
        }
    }

    /** The reference: a sorted map of key to (value, version). */
    static final class Reference {
        final TreeMap<String, Versioned<byte[]>> values = new TreeMap<>();

        Object apply(Batch batch) {
            for (Batch.Operation op : batch.operations()) {
                long expected = op.expectedVersion();
                Versioned<byte[]> current = values.get(op.key());
                if (expected == Batch.ABSENT && current != null) {
                    return VersionConflictException.class;
                }
                if (expected >= 0 && current == null) {
                    return MissingKeyException.class;
                }
                if (expected >= 0 && current.version() != expected) {
                    return VersionConflictException.class;
                }
            }
            Map<String, Long> versions = new TreeMap<>();
            for (Batch.Operation op : batch.operations()) {
                if (op instanceof Batch.Put p) {
                    Versioned<byte[]> current = values.get(p.key());
                    long version = current == null ? 0 : current.version() + 1;
                    values.put(p.key(), new Versioned<>(p.value(), version));
                    versions.put(p.key(), version);
                } else {
                    values.remove(op.key());
                }
            }
            return versions;
        }

        List<String> children(String parent) {
            String prefix = "/".equals(parent) ? "/" : parent + "/";
            List<String> result = new ArrayList<>();
            for (String key : values.keySet()) {
                if (key.startsWith(prefix) && key.indexOf('/', prefix.length()) < 0) {
                    result.add(key);
                }
            }
            return result;
        }
    }

    /** The outcome of a call: its result, or the class of what it threw. */
    private static Object outcome(Supplier<Object> call) {
        try {
            Object result = call.get();
            return result instanceof Map<?, ?> m ? new TreeMap<>(m) : result;
        } catch (StateStoreException e) {
            return e.getClass();
        }
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.of(KEYS);
    }

    private static Arbitrary<byte[]> values() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
    }

    private static Arbitrary<Long> versions() {
        return Arbitraries.longs().between(0, 3);
    }

    private static Arbitrary<Batch.Operation> operations() {
        Arbitrary<Batch.Operation> puts = Combinators.combine(keys(), values(),
                Arbitraries.oneOf(versions(), Arbitraries.of(Batch.ANY, Batch.ABSENT)))
                .as(Batch.Put::new);
        Arbitrary<Batch.Operation> deletes = Combinators.combine(keys(), Arbitraries.oneOf(versions(), Arbitraries.just(Batch.ANY)))
                .as(Batch.Delete::new);
        return Arbitraries.oneOf(puts, deletes);
    }

    private static Arbitrary<Batch> batches() {
        return operations().list().ofMinSize(1).ofMaxSize(4).uniqueElements(Batch.Operation::key).map(Batch::new);
    }

    private static Action<Pair> compare(Arbitrary<Transformer<Pair>> transformer) {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<Pair>> transformer() {
                return transformer;
            }
        };
    }

    private static Transformer<Pair> check(String description, java.util.function.Function<Pair, Object> onStore,
                                           java.util.function.Function<Pair, Object> onModel) {
        return Transformer.mutate(description, pair -> {
            Object expected = onModel.apply(pair);
            Object actual = outcome(() -> onStore.apply(pair));
            assertThat(normalise(actual)).as(description).isEqualTo(normalise(expected));
        });
    }

    /** Byte arrays compared by content. */
    private static Object normalise(Object o) {
        if (o instanceof Optional<?> opt && opt.isPresent() && opt.get() instanceof Versioned<?> v) {
            return List.of(Arrays.toString((byte[]) v.value()), v.version());
        }
        return o;
    }

    @Provide
    ActionChainArbitrary<Pair> chains() {
        return ActionChain.startWith(() -> new Pair(newStore()))
                .withAction(compare(keys().map(k -> check("get " + k, p -> p.store.get(k),
                        p -> Optional.ofNullable(p.model.values.get(k))))))
                .withAction(compare(Arbitraries.of(PARENTS).map(parent -> check("children " + parent,
                        p -> p.store.children(parent), p -> p.model.children(parent)))))
                .withAction(2, compare(Combinators.combine(keys(), values()).as((k, v) -> check("create " + k,
                        p -> p.store.create(k, v), p -> single(p.model.apply(new Batch(List.of(new Batch.Put(k, v, Batch.ABSENT)))), k)))))
                .withAction(3, compare(Combinators.combine(keys(), values(), versions()).as((k, v, ver) -> check("put " + k + " at " + ver,
                        p -> p.store.put(k, v, ver), p -> single(p.model.apply(new Batch(List.of(new Batch.Put(k, v, ver)))), k)))))
                .withAction(2, compare(Combinators.combine(keys(), values()).as((k, v) -> check("put " + k,
                        p -> p.store.put(k, v), p -> single(p.model.apply(new Batch(List.of(new Batch.Put(k, v, Batch.ANY)))), k)))))
                .withAction(compare(Combinators.combine(keys(), versions()).as((k, ver) -> check("delete " + k + " at " + ver,
                        p -> {
                            p.store.delete(k, ver);
                            return "deleted";
                        },
                        p -> {
                            Object r = p.model.apply(new Batch(List.of(new Batch.Delete(k, ver))));
                            return r instanceof Class<?> ? r : "deleted";
                        }))))
                .withAction(compare(keys().map(k -> check("delete " + k,
                        p -> p.store.delete(k),
                        p -> p.model.values.remove(k) != null))))
                .withAction(2, compare(batches().map(b -> check("commit " + b.operations(),
                        p -> p.store.commit(b), p -> p.model.apply(b)))))
                .withMaxTransformations(30);
    }

    private static Object single(Object result, String key) {
        return result instanceof Map<?, ?> m ? m.get(key) : result;
    }

    @Property(tries = 200)
    void randomOperations_matchTheReferenceModel(@ForAll("chains") ActionChain<Pair> chain) {
        try {
            chain.withInvariant("same contents", pair -> {
                for (String key : KEYS) {
                    assertThat(normalise(pair.store.get(key))).as("value of " + key)
                            .isEqualTo(normalise(Optional.ofNullable(pair.model.values.get(key))));
                }
            }).run();
        } finally {
            chain.finalState().ifPresent(pair -> pair.store.close());
        }
    }
}
