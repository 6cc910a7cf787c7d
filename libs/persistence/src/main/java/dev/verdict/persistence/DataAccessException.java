package dev.verdict.persistence;

import java.sql.SQLException;

/**
 * The one exception of Verdict's JDBC paths: a statement failed. Unchecked, so a transaction boundary rolls back;
 * the message names the statement (its first words, never its parameters) and PostgreSQL's SQLSTATE.
 */
public class DataAccessException extends RuntimeException {

    private final String sqlState;

    public DataAccessException(String sql, SQLException cause) {
        super(summary(sql) + " failed: " + cause.getMessage() + " (SQLSTATE " + cause.getSQLState() + ")", cause);
        this.sqlState = cause.getSQLState();
    }

    /** PostgreSQL's error code, e.g. {@code 23505} for a unique violation; null if the driver gave none. */
    public String sqlState() {
        return sqlState;
    }

    private static String summary(String sql) {
        String one = sql == null ? "statement" : sql.strip().replaceAll("\\s+", " ");
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
