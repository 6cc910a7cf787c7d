package dev.verdict.outbox.app;

import dev.verdict.events.VerdictEvent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The consumer side effect of the tests: a row in {@code test_effect}, written in the inbox transaction. */
@ApplicationScoped
public class EffectStore {

    @Inject
    AgroalDataSource dataSource;

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(String consumer, VerdictEvent<?> event) {
        OrderPlaced order = event.dataAs(OrderPlaced.TYPE).orElseThrow();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into test_effect (consumer, event_id, order_key, seq) values (?, ?, ?, ?)")) {
            ps.setString(1, consumer);
            ps.setObject(2, event.id());
            ps.setString(3, order.key());
            ps.setInt(4, order.seq());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
