package dev.verdict.ui.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The register form's fields as a {@code catalog-info.yaml} document: the form writes YAML into the same editor the
 * paste path uses, so there is one way in and the service's line and column point into text the user sees. Every
 * value is written as a JSON string (valid YAML), so a name like {@code yes} or {@code 1.0} stays a string. Pure.
 */
final class DescriptorForm {

    record Fields(
            String kind,
            String name,
            String title,
            String description,
            String type,
            String lifecycle,
            String owner,
            String system,
            String tags) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private DescriptorForm() {}

    static String yaml(Fields f) {
        StringBuilder y = new StringBuilder("apiVersion: backstage.io/v1alpha1\n");
        y.append("kind: ")
                .append(blank(f.kind()) ? "Component" : f.kind().strip())
                .append('\n');
        y.append("metadata:\n");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("name", f.name());
        metadata.put("title", f.title());
        metadata.put("description", f.description());
        metadata.forEach((k, v) -> {
            if (!blank(v) || k.equals("name")) {
                y.append("  ")
                        .append(k)
                        .append(": ")
                        .append(quote(v == null ? "" : v.strip()))
                        .append('\n');
            }
        });
        List<String> tags = new ArrayList<>();
        if (!blank(f.tags())) {
            Arrays.stream(f.tags().split(","))
                    .map(String::strip)
                    .filter(t -> !t.isEmpty())
                    .forEach(tags::add);
        }
        if (!tags.isEmpty()) {
            y.append("  tags:\n");
            tags.forEach(t -> y.append("    - ").append(quote(t)).append('\n'));
        }
        y.append("spec:\n");
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("type", f.type());
        spec.put("lifecycle", f.lifecycle());
        spec.put("owner", f.owner());
        spec.put("system", f.system());
        spec.forEach((k, v) -> {
            if (!blank(v)) {
                y.append("  ").append(k).append(": ").append(quote(v.strip())).append('\n');
            }
        });
        return y.toString();
    }

    static String quote(String v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
