package dev.verdict.decisions.gitmirror.store;

import dev.verdict.decisions.shared.DecisionNumber;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A row of {@code git_conflict}: a same-file conflict between the service and git, never deleted. */
@Entity
@Table(name = "git_conflict")
public class GitConflictEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "decision_number", nullable = false, updatable = false)
    public int decisionNumber;

    @Column(nullable = false, updatable = false)
    public String path;

    @Column(name = "ours_commit", updatable = false)
    public String oursCommit;

    @Column(name = "theirs_commit", updatable = false)
    public String theirsCommit;

    @Column(name = "service_content", nullable = false, updatable = false)
    public String serviceContent;

    @Column(name = "git_content", nullable = false, updatable = false)
    public String gitContent;

    @Column(nullable = false, updatable = false)
    public boolean applied;

    @Column(name = "detected_at", nullable = false, updatable = false)
    public Instant detectedAt;

    @Column(name = "detected_by", nullable = false, updatable = false)
    public String detectedBy;

    static boolean recorded(DecisionNumber n, String gitContent) {
        return count("decisionNumber = ?1 and gitContent = ?2", n.value(), gitContent) > 0;
    }

    static List<GitConflictEntity> newest(int limit) {
        return findAll(Sort.descending("id")).page(0, limit).list();
    }

    GitStateStore.Conflict toConflict(boolean withContent) {
        return new GitStateStore.Conflict(
                id,
                DecisionNumber.of(decisionNumber).toString(),
                path,
                oursCommit,
                theirsCommit,
                applied,
                detectedAt,
                detectedBy,
                withContent ? serviceContent : null,
                withContent ? gitContent : null);
    }
}
