package dev.verdict.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Validity rules of the verified-token cache, on a settable clock. */
class VerifiedTokenCacheTest {

    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();

    VerifiedTokenCache<String> cache(Duration maxTtl, Duration skew, Optional<Duration> age) {
        return new VerifiedTokenCache<>(100, maxTtl, skew, age, clock);
    }

    long epoch(Duration fromNow) {
        return clock.now.plus(fromNow).getEpochSecond();
    }

    @Test
    void servedUntilExpThenDropped() {
        var cache = cache(Duration.ofMinutes(10), Duration.ZERO, Optional.empty());
        cache.put("t", "alice", epoch(Duration.ofSeconds(60)), epoch(Duration.ZERO));
        assertThat(cache.get("t")).contains("alice");
        clock.now = clock.now.plusSeconds(59);
        assertThat(cache.get("t")).contains("alice");
        clock.now = clock.now.plusSeconds(1); // now == exp: the verifier refuses it, so must we
        assertThat(cache.get("t")).isEmpty();
        clock.now = clock.now.minusSeconds(30); // and it is gone, not merely hidden
        assertThat(cache.get("t")).isEmpty();
    }

    @Test
    void maxTtlBoundsReuseOfLongLivedTokens() {
        var cache = cache(Duration.ofSeconds(30), Duration.ZERO, Optional.empty());
        cache.put("t", "alice", epoch(Duration.ofHours(1)), epoch(Duration.ZERO));
        clock.now = clock.now.plusSeconds(29);
        assertThat(cache.get("t")).contains("alice");
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.get("t")).isEmpty();
    }

    @Test
    void clockSkewAndMaxAgeFollowTheVerifier() {
        var skewed = cache(Duration.ofMinutes(10), Duration.ofSeconds(5), Optional.empty());
        skewed.put("t", "alice", epoch(Duration.ofSeconds(10)), epoch(Duration.ZERO));
        clock.now = clock.now.plusSeconds(14);
        assertThat(skewed.get("t")).contains("alice");
        clock.now = clock.now.plusSeconds(1);
        assertThat(skewed.get("t")).isEmpty();

        var aged = cache(Duration.ofMinutes(10), Duration.ZERO, Optional.of(Duration.ofSeconds(20)));
        long iat = epoch(Duration.ofSeconds(-15));
        aged.put("old", "bob", epoch(Duration.ofMinutes(5)), iat);
        aged.put("no-iat", "carol", epoch(Duration.ofMinutes(5)), 0);
        assertThat(aged.get("no-iat")).isEmpty(); // an age limit without iat cannot be checked: not cached
        clock.now = clock.now.plusSeconds(4);
        assertThat(aged.get("old")).contains("bob");
        clock.now = clock.now.plusSeconds(1);
        assertThat(aged.get("old")).isEmpty();
    }

    @Test
    void tokensWithoutExpOrAlreadyExpiredAreNotCached() {
        var cache = cache(Duration.ofMinutes(10), Duration.ZERO, Optional.empty());
        cache.put("no-exp", "alice", 0, epoch(Duration.ZERO));
        cache.put("expired", "bob", epoch(Duration.ofSeconds(-1)), epoch(Duration.ofSeconds(-60)));
        assertThat(cache.get("no-exp")).isEmpty();
        assertThat(cache.get("expired")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void keysAreExactStrings() {
        var cache = cache(Duration.ofMinutes(10), Duration.ZERO, Optional.empty());
        cache.put("header.payload.sig", "alice", epoch(Duration.ofMinutes(1)), epoch(Duration.ZERO));
        assertThat(cache.get("header.payload.sig")).contains("alice");
        assertThat(cache.get("header.payload.sih")).isEmpty();
        assertThat(cache.get("header.payload.sig ")).isEmpty();
    }

    @Test
    void boundedInSize() {
        var cache = new VerifiedTokenCache<String>(10, Duration.ofMinutes(10), Duration.ZERO, Optional.empty(), clock);
        for (int i = 0; i < 1000; i++) {
            cache.put("t" + i, "u" + i, epoch(Duration.ofMinutes(1)), epoch(Duration.ZERO));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new VerifiedTokenCache<String>(
                        0, Duration.ofMinutes(1), Duration.ZERO, Optional.empty(), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new VerifiedTokenCache<String>(1, Duration.ZERO, Duration.ZERO, Optional.empty(), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
