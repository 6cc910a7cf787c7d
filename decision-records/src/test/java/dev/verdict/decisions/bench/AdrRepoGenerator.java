package dev.verdict.decisions.bench;

import dev.verdict.decisions.importer.service.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic ADR repository for the import benchmark: {@code n} records, alternating adr-tools and MADR 3 style,
 * every tenth superseding the one before it, with a few paragraphs, options and pros and cons each. Seeded.
 */
public final class AdrRepoGenerator {

    private AdrRepoGenerator() {}

    public static List<SourceFile> generate(int n, long seed) {
        Random rnd = new Random(seed);
        List<SourceFile> files = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String title = "Decision " + i + " about " + WORDS[rnd.nextInt(WORDS.length)] + " "
                    + WORDS[rnd.nextInt(WORDS.length)];
            String slug = String.format("%04d-decision-%d", i, i);
            boolean supersededLater = i % 10 == 9 && i < n;
            String date = String.format("20%02d-%02d-%02d", 15 + i % 10, 1 + i % 12, 1 + i % 28);
            String body;
            if (i % 2 == 1) {
                body = "# " + i + ". " + title + "\n\nDate: " + date + "\n\n## Status\n\n"
                        + (supersededLater
                                ? "Superseded by [" + (i + 1) + ". Next](" + String.format("%04d", i + 1) + "-decision-"
                                        + (i + 1) + ".md)"
                                : "Accepted")
                        + (i % 10 == 0
                                ? "\n\nSupersedes [" + (i - 1) + ". Prev](" + String.format("%04d", i - 1)
                                        + "-decision-" + (i - 1) + ".md)"
                                : "")
                        + "\n\n## Context\n\n" + paragraph(rnd) + "\n\n" + paragraph(rnd) + "\n\n## Decision\n\n"
                        + paragraph(rnd) + "\n\n## Consequences\n\n* " + sentence(rnd) + "\n* " + sentence(rnd) + "\n";
            } else {
                body = "---\nstatus: "
                        + (supersededLater ? "superseded by ADR-" + String.format("%04d", i + 1) : "accepted")
                        + "\ndate: " + date + "\ndeciders: Alice Doe, Bob Roe\n---\n# " + title
                        + "\n\n## Context and Problem Statement\n\n" + paragraph(rnd)
                        + "\n\n## Considered Options\n\n* Option one\n* Option two\n\n## Decision Outcome\n\n"
                        + "Chosen option: \"Option one\", because " + sentence(rnd)
                        + "\n\n### Consequences\n\n* Good, because " + sentence(rnd) + "\n* Bad, because "
                        + sentence(rnd) + "\n\n## Pros and Cons of the Options\n\n### Option one\n\n* Good, because "
                        + sentence(rnd) + "\n\n### Option two\n\n* Bad, because " + sentence(rnd) + "\n";
            }
            files.add(new SourceFile("doc/adr/" + slug + ".md", body));
        }
        files.add(new SourceFile("doc/adr/README.md", "# Decisions\n"));
        return files;
    }

    private static final String[] WORDS = {
        "storage",
        "caching",
        "queues",
        "threads",
        "logging",
        "tracing",
        "schemas",
        "retries",
        "timeouts",
        "pooling",
        "indexes",
        "deploys",
        "canaries",
        "limits",
        "quotas"
    };

    private static String sentence(Random rnd) {
        StringBuilder sb = new StringBuilder("the ");
        for (int w = 0; w < 8 + rnd.nextInt(8); w++) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
        }
        return sb.toString().strip() + ".";
    }

    private static String paragraph(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < 3 + rnd.nextInt(3); s++) {
            sb.append(sentence(rnd)).append(s % 2 == 1 ? "\n" : " ");
        }
        return sb.toString().strip();
    }
}
