package dev.verdict.outbox.app;

import dev.verdict.events.VerdictEvent;
import dev.verdict.outbox.Outbox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A business service as Verdict services write them: change state and publish the event in one transaction. The
 * per-key counter row is locked by the update, which serializes transactions of the same key (the ordering
 * contract of {@link Outbox}).
 */
@ApplicationScoped
public class OrderService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    @Transactional
    public List<VerdictEvent<OrderPlaced>> place(String topic, List<String> keys, String note) {
        List<VerdictEvent<OrderPlaced>> events = new ArrayList<>(keys.size());
        for (String key : keys) {
            events.add(placeOne(topic, key, note));
        }
        return events;
    }

    /** Places orders, then fails: nothing of it may survive, and nothing may be sent. */
    @Transactional
    public void placeThenFail(String topic, List<String> keys, List<VerdictEvent<OrderPlaced>> attempted) {
        for (String key : keys) {
            attempted.add(placeOne(topic, key, "doomed"));
        }
        throw new IllegalStateException("business rule violated after publishing");
    }

    private VerdictEvent<OrderPlaced> placeOne(String topic, String key, String note) {
        try (Connection c = dataSource.getConnection()) {
            int seq;
            try (PreparedStatement ps =
                    c.prepareStatement("insert into test_key_counter (order_key, seq) values (?, 1) "
                            + "on conflict (order_key) do update set seq = test_key_counter.seq + 1 returning seq")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1);
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("insert into test_order (order_key, seq, note) values (?, ?, ?)")) {
                ps.setString(1, key);
                ps.setInt(2, seq);
                ps.setString(3, note);
                ps.executeUpdate();
            }
            VerdictEvent<OrderPlaced> event =
                    VerdictEvent.create(OrderPlaced.TYPE, "outbox-test", key, new OrderPlaced(key, seq, note));
            outbox.publish(topic, key, event);
            return event;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
