package dev.verdict.plugin;

/**
 * Where a canary analysis reads its measurements: the router's own records, Prometheus, ... (Kayenta's
 * {@code MetricsService}). Implementations must be safe to call from several threads.
 */
public interface MetricSource extends AutoCloseable {

    /**
     * The series of one metric for one scope and window. A query the source cannot run (a malformed query config) is
     * an {@link IllegalArgumentException} naming the field; a source that is down is an {@link
     * java.io.UncheckedIOException}: the analysis retries it, it never becomes "no data".
     */
    MetricSeries query(MetricQuery query);

    @Override
    default void close() {}
}
