package dev.verdict.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.PGConnection;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in text format: tab-separated columns, {@code \N} for null,
 * backslash, tab, newline and carriage return escaped. One {@code COPY} moves a whole batch in one round trip and
 * skips the per-row statement work of {@code INSERT}s (parse, bind, executor start-up).
 */
public final class CopyRows {

    private final StringBuilder sb = new StringBuilder(1 << 16);
    private boolean rowStart = true;
    private int rows;

    public CopyRows text(String value) {
        sep();
        if (value == null) {
            sb.append("\\N");
            return this;
        }
        int plain = 0;
        while (plain < value.length()) {
            char c = value.charAt(plain);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            plain++;
        }
        if (plain == value.length()) { // the common case: nothing to escape
            sb.append(value);
            return this;
        }
        sb.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return this;
    }

    public CopyRows value(Object value) {
        return text(value == null ? null : value.toString());
    }

    private Instant lastTime;
    private String lastTimeText;

    /** A timestamptz: ISO-8601 instants ({@code 2026-01-02T03:04:05.123456Z}) are valid input. */
    public CopyRows time(Instant value) {
        if (value == null) {
            return text(null);
        }
        if (!value.equals(lastTime)) { // a batch's rows share their recording time: format it once
            lastTime = value;
            lastTimeText = value.toString();
        }
        return text(lastTimeText);
    }

    public CopyRows endRow() {
        sb.append('\n');
        rowStart = true;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    private void sep() {
        if (!rowStart) {
            sb.append('\t');
        }
        rowStart = false;
    }

    /** Runs {@code copy} (e.g. {@code COPY t (a, b) FROM STDIN}) with these rows on {@code c}; returns rows copied. */
    public long copyInto(Connection c, String copy) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, in);
        } catch (IOException e) {
            throw new SQLException("COPY input failed", e);
        }
    }
}
