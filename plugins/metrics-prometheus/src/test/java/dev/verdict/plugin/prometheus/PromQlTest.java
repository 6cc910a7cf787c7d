package dev.verdict.plugin.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromQlTest {

    static final String FILTER = "verdict_component=\"${component}\",verdict_scope=\"${scope}\"";
    static final Map<String, String> CANARY =
            Map.of("component", "component:default/payments-api", "scope", "canary", "version", "1.1.0");

    @Test
    void a_metric_name_is_averaged_over_the_scopes_instances_with_its_label_bindings_after_the_scope_filter() {
        String q = PromQl.build(
                "errors",
                Map.of("metricName", "http_requests_total", "labelBindings", List.of("status=~\"5..\"")),
                FILTER,
                CANARY);

        assertThat(q)
                .isEqualTo("avg(http_requests_total{verdict_component=\"component:default/payments-api\","
                        + "verdict_scope=\"canary\",status=~\"5..\"})");
    }

    @Test
    void group_by_fields_follow_the_average_as_kayenta_writes_them() {
        String q = PromQl.build(
                "cpu", Map.of("metricName", "node_cpu", "groupByFields", List.of("mode", "job")), FILTER, CANARY);

        assertThat(q).endsWith("}) by (mode,job)");
    }

    @Test
    void a_promql_inline_template_is_the_whole_expression_with_the_scopes_bindings_substituted() {
        String q = PromQl.build(
                "p99",
                Map.of(
                        "customInlineTemplate",
                        "PromQL: histogram_quantile(0.99, sum(rate(latency_bucket{scope=\"${scope}\",v=\"${version}\"}[30s])) by (le))"),
                FILTER,
                CANARY);

        assertThat(q)
                .isEqualTo(
                        "histogram_quantile(0.99, sum(rate(latency_bucket{scope=\"canary\",v=\"1.1.0\"}[30s])) by (le))");
    }

    @Test
    void a_filter_inline_template_takes_the_place_of_the_scope_filter() {
        String q = PromQl.build(
                "cpu",
                Map.of("metricName", "cpu", "customInlineTemplate", "app=\"${name}\", track=\"${scope}\""),
                FILTER,
                Map.of("name", "payments-api", "scope", "baseline"));

        assertThat(q).isEqualTo("avg(cpu{app=\"payments-api\",track=\"baseline\"})");
    }

    @Test
    void an_unbound_variable_is_refused_with_the_bound_ones_named() {
        assertThatThrownBy(() -> PromQl.build("cpu", Map.of("metricName", "cpu"), "region=\"${location}\"", CANARY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metric cpu: template variable ${location} is not bound")
                .hasMessageContaining("[component, scope, version]");
    }

    @Test
    void a_binding_cannot_close_the_label_value_it_is_put_in() {
        String q =
                PromQl.build("cpu", Map.of("metricName", "cpu"), "v=\"${version}\"", Map.of("version", "1\"} or up{"));

        assertThat(q).isEqualTo("avg(cpu{v=\"1\\\"} or up{\"})");
    }

    @Test
    void what_the_source_cannot_run_is_named_by_its_field() {
        assertThatThrownBy(() -> PromQl.build("cpu", Map.of(), FILTER, CANARY))
                .hasMessageContaining("query.metricName is required");
        assertThatThrownBy(() -> PromQl.build(
                        "cpu", Map.of("metricName", "cpu", "resourceType", "gce_instance"), FILTER, CANARY))
                .hasMessageContaining("query.resourceType 'gce_instance' is not supported");
        assertThatThrownBy(
                        () -> PromQl.build("cpu", Map.of("metricName", "cpu", "labelBindings", "a=b"), FILTER, CANARY))
                .hasMessageContaining("query.labelBindings must be a list of strings");
        assertThatThrownBy(() -> PromQl.build("cpu", Map.of("metricName", "cpu", "customFilter", "x"), FILTER, CANARY))
                .hasMessageContaining("customFilter is deprecated");
    }
}
