package dev.verdict.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What goes through {@code COPY ... FROM STDIN} in text format comes back unchanged from a real PostgreSQL. */
class CopyRowsTest {

    @Test
    void textNullsTimesAndEscapesRoundTrip() throws Exception {
        List<String> values = Arrays.asList(
                "plain",
                "tab\there",
                "line\nbreak",
                "cr\rlf",
                "back\\slash \\N \\t",
                "{\"json\":\"a\\\"b\\n\"}",
                "ünïcödé ✓ \uD83D\uDE00",
                "",
                null,
                "\\");
        Instant t1 = Instant.parse("2026-01-02T03:04:05.123456Z");
        Instant t2 = Instant.parse("2026-01-02T03:04:05Z");
        TestPostgres pg = TestPostgres.get();
        pg.createDatabase("copy_rows_test");
        try (Connection c = pg.connect("copy_rows_test");
                Statement s = c.createStatement()) {
            s.execute("create temp table t (n integer, v text, at timestamptz)");
            CopyRows rows = new CopyRows();
            for (int i = 0; i < values.size(); i++) {
                rows.value(i).text(values.get(i)).time(i % 2 == 0 ? t1 : t2).endRow();
            }
            assertThat(rows.copyInto(c, "copy t (n, v, at) from stdin")).isEqualTo(values.size());
            List<String> back = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select v, at from t order by n")) {
                int i = 0;
                while (rs.next()) {
                    back.add(rs.getString(1));
                    assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(i++ % 2 == 0 ? t1 : t2);
                }
            }
            assertThat(back).isEqualTo(values);
        }
    }
}
