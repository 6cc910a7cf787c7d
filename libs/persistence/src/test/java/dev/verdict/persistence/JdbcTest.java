package dev.verdict.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The helper against a real PostgreSQL: reads, writes, COPY, and the one exception with statement and SQLSTATE. */
class JdbcTest {

    private static Jdbc jdbc;

    @BeforeAll
    static void database() {
        TestPostgres pg = TestPostgres.get();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.createDatabase("jdbc_helper_test"));
        ds.setUser(pg.username());
        ds.setPassword(pg.password());
        jdbc = new Jdbc(ds);
        jdbc.run(
                "setup",
                c -> c.createStatement()
                        .execute(
                                "drop table if exists item; create table item (id integer primary key, name text not null)"));
    }

    @Test
    void writesReadsAndCopies() {
        assertThat(jdbc.update("insert into item values (?, ?)", ps -> {
                    ps.setInt(1, 1);
                    ps.setString(2, "one");
                }))
                .isEqualTo(1);
        assertThat(jdbc.copy(
                        "copy item (id, name) from stdin",
                        new CopyRows()
                                .value(2)
                                .text("two")
                                .endRow()
                                .value(3)
                                .text("three\ttabbed")
                                .endRow()))
                .isEqualTo(2);

        assertThat(jdbc.list(
                        "select name from item where id between ? and 3 order by id",
                        ps -> ps.setInt(1, 2),
                        rs -> rs.getString(1)))
                .containsExactly("two", "three\ttabbed");
        assertThat(jdbc.one("select name from item where id = ?", ps -> ps.setInt(1, 1), rs -> rs.getString(1)))
                .contains("one");
        assertThat(jdbc.one("select name from item where id = ?", ps -> ps.setInt(1, 99), rs -> rs.getString(1)))
                .isEmpty();
    }

    @Test
    void aFailedStatementIsOneExceptionNamingTheStatementAndTheSqlState() {
        jdbc.update("insert into item values (?, ?) on conflict do nothing", ps -> {
            ps.setInt(1, 10);
            ps.setString(2, "ten");
        });

        assertThatThrownBy(() -> jdbc.update("insert into item values (?, ?)", ps -> {
                    ps.setInt(1, 10);
                    ps.setString(2, "secret parameter");
                }))
                .isInstanceOfSatisfying(DataAccessException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.getMessage())
                            .startsWith("insert into item values (?, ?) failed:")
                            .doesNotContain("secret parameter");
                });
    }
}
