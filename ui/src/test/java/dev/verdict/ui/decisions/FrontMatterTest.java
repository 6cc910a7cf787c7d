package dev.verdict.ui.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrontMatterTest {

    @Test
    void the_front_matter_is_dropped_and_the_body_kept() {
        String madr = "---\nstatus: accepted\ndate: 2026-12-02\n---\n\n# Queue payments on Kafka\n\n---\nA rule.\n";

        assertThat(DecisionView.withoutFrontMatter(madr)).isEqualTo("# Queue payments on Kafka\n\n---\nA rule.\n");
        assertThat(DecisionView.withoutFrontMatter(madr.replace("\n", "\r\n"))).startsWith("# Queue payments on Kafka");
    }

    @Test
    void a_file_without_front_matter_or_with_an_unclosed_one_is_left_as_it_is() {
        assertThat(DecisionView.withoutFrontMatter("# Title\n")).isEqualTo("# Title\n");
        assertThat(DecisionView.withoutFrontMatter("---\nstatus: x\n# Title\n")).isEqualTo("---\nstatus: x\n# Title\n");
    }
}
