package dev.verdict.allocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One unit's sticky bucket documents, as GrowthBook keeps them: one per identifying attribute value (key
 * {@code "id||u-1"}), each mapping {@code "<experiment>__<bucketVersion>"} to the key of the variation the unit got.
 * A unit keeps its variation when the experiment's weights or seed change, until the experiment raises its bucket
 * version. {@link Allocator#run} reads them and records each new assignment; the caller persists {@link #changed()}
 * (GrowthBook's StickyBucketService). Not thread-safe: one per unit and call.
 */
public final class StickyBuckets {

    /** A stored document: the attribute, its value, and the assignments made under it. */
    public record Doc(String attributeName, String attributeValue, Map<String, String> assignments) {

        public Doc {
            assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
        }

        public String key() {
            return StickyBuckets.key(attributeName, attributeValue);
        }
    }

    /** Where documents live between calls: a unit's are loaded before and saved after each allocation. */
    public interface Store {

        /** The documents for these attribute values (name → value), keyed by {@link Doc#key()}; missing ones absent. */
        Map<String, Doc> load(Map<String, String> attributeValues);

        void save(Doc doc);
    }

    /** A store in memory, for one process (tests, or a service whose units stay on one instance). */
    public static final class InMemoryStore implements Store {

        private final Map<String, Doc> docs = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, Doc> load(Map<String, String> attributeValues) {
            Map<String, Doc> found = new LinkedHashMap<>();
            attributeValues.forEach((name, value) -> {
                Doc d = docs.get(key(name, value));
                if (d != null) {
                    found.put(d.key(), d);
                }
            });
            return found;
        }

        @Override
        public void save(Doc doc) {
            docs.put(doc.key(), doc);
        }
    }

    private final Map<String, Doc> docs;
    private final Set<String> changed = new LinkedHashSet<>();

    public StickyBuckets(Map<String, Doc> docs) {
        this.docs = new LinkedHashMap<>(docs);
    }

    public static StickyBuckets empty() {
        return new StickyBuckets(Map.of());
    }

    /** All documents now, including those changed by allocations. */
    public Map<String, Doc> docs() {
        return Collections.unmodifiableMap(docs);
    }

    /** The documents an allocation changed or created, to be saved. */
    public List<Doc> changed() {
        List<Doc> out = new ArrayList<>();
        for (String k : changed) {
            out.add(docs.get(k));
        }
        return out;
    }

    static String key(String attributeName, String attributeValue) {
        return attributeName + "||" + attributeValue;
    }

    static String experimentKey(String experiment, int bucketVersion) {
        return experiment + "__" + bucketVersion;
    }

    /** The assignment stored for {@code experimentKey}: the hash attribute's document wins over the fallback's. */
    String assignment(String hashKey, String fallbackKey, String experimentKey) {
        Doc d = hashKey == null ? null : docs.get(hashKey);
        String v = d == null ? null : d.assignments().get(experimentKey);
        if (v == null && fallbackKey != null) {
            Doc f = docs.get(fallbackKey);
            v = f == null ? null : f.assignments().get(experimentKey);
        }
        return v;
    }

    void record(String attributeName, String attributeValue, String experimentKey, String variationKey) {
        String k = key(attributeName, attributeValue);
        Doc d = docs.get(k);
        if (d != null && variationKey.equals(d.assignments().get(experimentKey))) {
            return;
        }
        Map<String, String> a = new LinkedHashMap<>(d == null ? Map.of() : d.assignments());
        a.put(experimentKey, variationKey);
        docs.put(k, new Doc(attributeName, attributeValue, a));
        changed.add(k);
    }
}
