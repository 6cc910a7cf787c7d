package dev.verdict.ui.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class GraphSvgTest {

    @Test
    void nodes_sit_in_columns_by_distance_with_an_arrow_per_edge_and_unresolved_refs_dashed() throws Exception {
        var graph = new ObjectMapper().readTree("""
                {"root": "component:default/payments-api", "depth": 2,
                 "nodes": [{"ref": "component:default/payments-api", "depth": 0, "resolved": true},
                           {"ref": "resource:default/payments-db", "depth": 1, "resolved": true},
                           {"ref": "component:default/<ledger>", "depth": 1, "resolved": false}],
                 "edges": [{"source": "component:default/payments-api", "type": "dependsOn", "target": "resource:default/payments-db"},
                           {"source": "component:default/payments-api", "type": "dependsOn", "target": "component:default/<ledger>"}]}
                """);

        String svg = GraphSvg.render(graph);

        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg.split("<line ", -1)).hasSize(3);
        assertThat(svg.split("<rect ", -1)).hasSize(4);
        assertThat(svg).contains("width=\"520\""); // two columns
        assertThat(svg).contains("stroke-dasharray").contains("&lt;ledger&gt;").doesNotContain("<ledger>");
        assertThat(svg).contains("<title>dependsOn</title>");
    }
}
