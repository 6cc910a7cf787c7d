package dev.verdict.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic test data shared by the workloads (fixed seeds: every JDK gets identical input). */
public final class Data {

    static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-northeast"};
    static final String[] SKUS = {
        "SKU-ALPHA", "SKU-BRAVO", "SKU-CHARLIE", "SKU-DELTA", "SKU-ECHO", "SKU-FOXTROT", "SKU-GOLF", "SKU-HOTEL"
    };

    private Data() {}

    /** A public-field POJO Jackson (de)serializes the way services do. */
    public static final class Order {
        public String id;
        public String customer;
        public String region;
        public long createdAtEpochMillis;
        public boolean express;
        public List<Line> lines;
        public Address shipping;

        public Order() {}
    }

    public static final class Line {
        public String sku;
        public int quantity;
        public double unitPrice;
        public List<String> tags;

        public Line() {}
    }

    public static final class Address {
        public String street;
        public String city;
        public String postcode;
        public String country;

        public Address() {}
    }

    static Order order(SplittableRandom rnd, int lines) {
        Order o = new Order();
        o.id = "ord-" + Long.toHexString(rnd.nextLong());
        o.customer = "customer-" + rnd.nextInt(100_000);
        o.region = REGIONS[rnd.nextInt(REGIONS.length)];
        o.createdAtEpochMillis = 1_700_000_000_000L + rnd.nextInt(1_000_000_000);
        o.express = rnd.nextBoolean();
        o.lines = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            Line l = new Line();
            l.sku = SKUS[rnd.nextInt(SKUS.length)];
            l.quantity = 1 + rnd.nextInt(20);
            l.unitPrice = Math.round(rnd.nextDouble() * 100_000) / 100.0;
            l.tags = List.of("promo-" + rnd.nextInt(10), rnd.nextBoolean() ? "fragile" : "standard");
            o.lines.add(l);
        }
        Address a = new Address();
        a.street = rnd.nextInt(300) + " Main Street";
        a.city = "City " + rnd.nextInt(500);
        a.postcode = String.format("%05d", rnd.nextInt(100_000));
        a.country = "DE";
        o.shipping = a;
        return o;
    }

    /** Access-log-like lines: the text regex and gzip workloads chew on. */
    static List<String> logLines(SplittableRandom rnd, int n) {
        List<String> lines = new ArrayList<>(n);
        String[] methods = {"GET", "POST", "PUT", "DELETE"};
        String[] paths = {"/api/orders", "/api/orders/42", "/api/customers", "/q/health/ready", "/api/payments"};
        for (int i = 0; i < n; i++) {
            lines.add(String.format(
                    "%d.%d.%d.%d - user%d@example.com [2026-01-%02dT%02d:%02d:%02dZ] \"%s %s HTTP/1.1\" %d %d %dms",
                    10 + rnd.nextInt(200),
                    rnd.nextInt(256),
                    rnd.nextInt(256),
                    rnd.nextInt(256),
                    rnd.nextInt(1000),
                    1 + rnd.nextInt(28),
                    rnd.nextInt(24),
                    rnd.nextInt(60),
                    rnd.nextInt(60),
                    methods[rnd.nextInt(methods.length)],
                    paths[rnd.nextInt(paths.length)],
                    rnd.nextInt(10) == 0 ? 500 : 200,
                    rnd.nextInt(50_000),
                    rnd.nextInt(900)));
        }
        return lines;
    }
}
