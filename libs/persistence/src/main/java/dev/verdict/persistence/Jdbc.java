package dev.verdict.persistence;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one way to plain JDBC in Verdict, for the measured bulk paths only (COPY, {@code unnest} arrays,
 * {@code SKIP LOCKED} claims, JSON rendered by PostgreSQL): domain tables are Panache entities (ADR-0001 in
 * docs/decisions). Every statement runs on a connection of the data source, which inside a JTA transaction is the
 * transaction's connection; every {@link SQLException} becomes one {@link DataAccessException}.
 */
@Singleton
public class Jdbc {

    /** Binds the statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Free-form work on the connection (several statements, driver APIs). */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource ds;

    @Inject
    public Jdbc(DataSource ds) {
        this.ds = ds;
    }

    public <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) {
        return run(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, Binder binder, RowMapper<T> mapper) {
        return run(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Rows changed. */
    public int update(String sql, Binder binder) {
        return run(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    /** {@code COPY ... FROM STDIN} of the rows; returns the rows copied. */
    public long copy(String copySql, CopyRows rows) {
        return run(copySql, c -> rows.copyInto(c, copySql));
    }

    /** An array parameter ({@code = ANY(?)}, {@code unnest(?)}) of SQL element type {@code type}, e.g. "text". */
    public static Array array(PreparedStatement ps, String type, Collection<?> values) throws SQLException {
        return ps.getConnection().createArrayOf(type, values.toArray());
    }

    /** Several statements on one connection; {@code what} names the work in an error. */
    public <T> T run(String what, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DataAccessException(what, e);
        }
    }
}
