package dev.verdict.decisions.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Lock ids are part of the replicas' protocol: pinned, so that two versions in a rolling update agree. */
class ClusterLockNameTest {

    @Test
    void idsArePinnedAndUnique() {
        assertThat(ClusterLock.Name.GIT.id).isZero();
        assertThat(ClusterLock.Name.STALENESS.id).isEqualTo(1);
        assertThat(Arrays.stream(ClusterLock.Name.values())
                        .mapToInt(n -> n.id)
                        .distinct()
                        .count())
                .isEqualTo(ClusterLock.Name.values().length);
    }
}
