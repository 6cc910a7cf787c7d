package dev.verdict.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * Each workload does the work it claims (a benchmark that silently does nothing measures nothing). Correctness only;
 * timings belong to JMH.
 */
class WorkloadsTest {

    @Test
    void jsonRoundTripsTheOrder() throws Exception {
        JsonBench b = new JsonBench();
        b.setup();
        byte[] json = b.serialize();
        assertThat(json.length).isGreaterThan(2_000);
        Data.Order back = b.deserialize();
        assertThat(new ObjectMapper().writeValueAsString(back)).isEqualTo(new String(json, StandardCharsets.UTF_8));
        assertThat(b.readTree().get("lines").size()).isEqualTo(25);
    }

    @Test
    void regexParsesEveryLineAndMasksEveryEmail() {
        RegexBench b = new RegexBench();
        b.setup();
        assertThat(b.lines).allMatch(l -> RegexBench.LOG.matcher(l).matches());
        assertThat(b.parseLogLines()).isPositive();
        int masked = b.maskEmails();
        int original = b.lines.stream().mapToInt(String::length).sum();
        assertThat(masked).isNotEqualTo(original);
    }

    @Test
    void stringsAreBuilt() {
        StringBench b = new StringBench();
        b.setup();
        assertThat(b.csvWithStringBuilder().lines().count()).isEqualTo(100);
        assertThat(b.concatenation()).isGreaterThan(100 * 20);
        assertThat(b.format()).isGreaterThan(20 * 30);
    }

    @Test
    void collectionsGroupAndSort() {
        CollectionsBench b = new CollectionsBench();
        b.setup();
        Map<String, Map<String, Double>> grouped = b.streamGroupingBy();
        assertThat(grouped).isNotEmpty();
        var sorted = b.sortByRegionThenAmount();
        assertThat(sorted).hasSize(2_000);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i - 1).region().compareTo(sorted.get(i).region()))
                    .isLessThanOrEqualTo(0);
        }
    }

    @Test
    void hashMapHitsThreeQuartersOfTheProbes() {
        HashMapBench b = new HashMapBench();
        b.setup();
        long hits = java.util.Arrays.stream(b.probes).filter(b.map::containsKey).count();
        assertThat(hits).isEqualTo(750);
        assertThat(b.build()).hasSize(10_000);
    }

    @Test
    void amortisationPaysAPlausibleInterest() {
        BigDecimalBench b = new BigDecimalBench();
        b.setup();
        BigDecimal interest = b.amortisation();
        // 350k at 4.25% over 30 years: about 270k of interest
        assertThat(interest).isBetween(new BigDecimal("260000"), new BigDecimal("280000"));
    }

    @Test
    void cryptoProducesDigestAndDecryptableCiphertextWithFreshIvs() throws Exception {
        CryptoBench b = new CryptoBench();
        b.setup();
        assertThat(b.sha256()).hasSize(32);
        byte[] c1 = b.aesGcmEncrypt();
        byte[] c2 = b.aesGcmEncrypt();
        assertThat(c1).hasSize(16 * 1024 + 16).isNotEqualTo(c2);
        Cipher d = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv =
                java.nio.ByteBuffer.allocate(12).putInt(0x5645524).putLong(2).array();
        d.init(Cipher.DECRYPT_MODE, b.key, new GCMParameterSpec(128, iv));
        assertThat(d.doFinal(c2)).isEqualTo(b.payload);
    }

    @Test
    void gzipRoundTrips() throws Exception {
        GzipBench b = new GzipBench();
        b.setup();
        byte[] gz = b.compress();
        assertThat(gz.length).isLessThan(b.text.length / 2);
        assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes())
                .isEqualTo(b.text);
        assertThat(b.decompress()).isEqualTo(b.text.length);
    }

    @Test
    void allocationWorkloadsBuildTheirGraphs() {
        AllocationBench b = new AllocationBench();
        b.setup();
        assertThat(AllocationBench.tree(3, 1)).isNotNull();
        assertThat(b.binaryTrees()).isEqualTo(AllocationBench.checksum(AllocationBench.tree(14, 1)));
        assertThat(b.dtoMapping()).hasSize(1_000);
    }

    @Test
    void handOffRoundTripsEveryMessage() throws Exception {
        HandOffBench b = new HandOffBench();
        b.setup();
        try {
            // each message i comes back as i + 1
            assertThat(b.synchronousQueuePingPong()).isEqualTo(100L * 99 / 2 + 100);
            assertThat(b.executorFanOut()).isEqualTo(31L * 100 * 99 / 2 + 7 * 100);
        } finally {
            b.tearDown();
        }
        assertThat(b.echo.isAlive()).isFalse();
    }
}
