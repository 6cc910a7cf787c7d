package dev.verdict.ui.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescriptorFormTest {

    @Test
    void the_form_becomes_a_descriptor_with_only_the_filled_fields_and_every_value_a_string() {
        String yaml = DescriptorForm.yaml(new DescriptorForm.Fields(
                "Component",
                " ledger-api ",
                "",
                "Books: \"every\" payment",
                "service",
                "production",
                "group:default/payments-team",
                "",
                "java, payments ,,"));

        assertThat(yaml).isEqualTo("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: "ledger-api"
                  description: "Books: \\"every\\" payment"
                  tags:
                    - "java"
                    - "payments"
                spec:
                  type: "service"
                  lifecycle: "production"
                  owner: "group:default/payments-team"
                """);
    }

    @Test
    void an_empty_name_is_still_written_so_the_service_names_the_field_that_is_missing() {
        String yaml =
                DescriptorForm.yaml(new DescriptorForm.Fields(null, "", null, null, null, null, null, null, null));

        assertThat(yaml)
                .contains("kind: Component\n")
                .contains("  name: \"\"\n")
                .endsWith("spec:\n");
    }
}
