package dev.verdict.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static boolean holds(Map<String, Object> attributes, Map<String, Object> condition) {
        return Conditions.matches(attributes, condition, Map.of("beta-testers", List.of("u1", "u7")));
    }

    @Test
    void a_country_list_a_version_floor_and_a_saved_group_target_a_rollout() {
        Map<String, Object> rule = map(
                "country", map("$in", List.of("DE", "AT", "CH")),
                "app.version", map("$vgte", "2.10.0"),
                "id", map("$inGroup", "beta-testers"));

        assertThat(holds(map("id", "u7", "country", "AT", "app", map("version", "2.10.1")), rule))
                .isTrue();
        // 2.9.9 < 2.10.0 as versions, though not as strings
        assertThat(holds(map("id", "u7", "country", "AT", "app", map("version", "2.9.9")), rule))
                .isFalse();
        assertThat(holds(map("id", "u2", "country", "AT", "app", map("version", "3.0.0")), rule))
                .isFalse();
        assertThat(holds(map("id", "u7", "country", "FR", "app", map("version", "3.0.0")), rule))
                .isFalse();
        // a missing path is null, which no list holds
        assertThat(holds(map("id", "u7", "country", "AT"), rule)).isFalse();
    }

    @Test
    void versions_order_pre_releases_before_the_release_and_ignore_build_metadata() {
        assertThat(Conditions.version("1.0.0-beta.2").compareTo(Conditions.version("1.0.0")))
                .isNegative();
        assertThat(Conditions.version("v1.0.0+build.7")).isEqualTo(Conditions.version("1.0.0"));
        assertThat(Conditions.version("1.0.0-rc.1").compareTo(Conditions.version("1.0.0-beta.9")))
                .isPositive();
        assertThat(Conditions.version(null)).isEqualTo(Conditions.version("0"));
    }

    @Test
    void comparisons_coerce_as_javascript_does() {
        assertThat(holds(map("age", "42"), map("age", map("$gt", 40.0)))).isTrue(); // "42" > 40
        assertThat(holds(map("age", "abc"), map("age", map("$gt", 40.0)))).isFalse(); // NaN compares false
        assertThat(holds(map("name", "b"), map("name", map("$gt", "a")))).isTrue(); // both strings: lexicographic
        assertThat(holds(map("n", 1.0), map("n", "1"))).isTrue(); // a string literal compares String(value)
        assertThat(holds(map("n", null), map("n", 0.0))).isTrue(); // null * 1 === 0
        assertThat(holds(map("flag", "yes"), map("flag", true))).isTrue(); // truthy
        assertThat(holds(map(), map("flag", false))).isFalse(); // a missing attribute is neither
    }

    @Test
    void logic_arrays_and_unknown_operators() {
        Map<String, Object> tags = map("tags", List.of("java", "kotlin"));
        assertThat(holds(tags, map("tags", map("$all", List.of("java", "kotlin")))))
                .isTrue();
        assertThat(holds(tags, map("tags", map("$size", 2.0)))).isTrue();
        assertThat(holds(tags, map("tags", map("$elemMatch", map("$regex", "^kot")))))
                .isTrue();
        assertThat(holds(tags, map("tags", map("$elemMatch", map("$eq", "scala")))))
                .isFalse();
        assertThat(holds(tags, map("$or", List.of(map("tags", "x"), map("tags", map("$in", List.of("java")))))))
                .isTrue();
        assertThat(holds(tags, map("$nor", List.of(map("tags", map("$in", List.of("java")))))))
                .isFalse();
        assertThat(holds(tags, map("$or", List.of()))).isTrue();
        assertThat(holds(tags, map("tags", map("$regex", "(")))).isFalse(); // a broken regex never matches
        assertThat(holds(tags, map("tags", map("$near", 1.0)))).isFalse(); // nor does an unknown operator
        assertThat(holds(map("a", map("b", 1.0)), map("a", map("b", 1.0)))).isTrue(); // not operators: JSON equality
    }
}
