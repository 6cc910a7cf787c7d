package dev.verdict.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Verdict's allocation against GrowthBook's: its own JVM SDK ({@code io.growthbook.sdk:GrowthBook-jvm}, through
 * {@link GrowthBookOracle}) on seeded random inputs, and golden values of its reference (JavaScript) algorithm where
 * the JVM SDK differs from it: characters beyond Latin-1, which the JVM SDK masks to their low byte, and bucket
 * range ends, which it rounds to 4 decimals.
 */
class GrowthBookCompatibilityTest {

    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@ äöüßéñ";

    static String random(SplittableRandom r, int maxLength) {
        int n = r.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    @Test
    void fnv1a_32_gives_the_published_test_vectors() {
        assertThat(GrowthBookHash.fnv1a32("")).isEqualTo(0x811c9dc5L);
        assertThat(GrowthBookHash.fnv1a32("a")).isEqualTo(0xe40c292cL);
        assertThat(GrowthBookHash.fnv1a32("foobar")).isEqualTo(0xbf9cf968L);
    }

    @Test
    void both_hash_versions_equal_growthbook_s_jvm_sdk_on_20_000_seeded_units_and_seeds() throws Exception {
        SplittableRandom r = new SplittableRandom(20261202);
        List<String> questions = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String seed = random(r, 12);
            String unit = random(r, 24);
            for (int version = 1; version <= 2; version++) {
                questions.add("hash\t" + version + "\t" + seed + "\t" + unit);
                ours.add(GrowthBookHash.hash(seed, unit, version));
            }
        }
        questions.add("hash\t3\ts\tu");
        List<String> theirs = GrowthBookOracle.ask(questions);

        for (int i = 0; i < ours.size(); i++) {
            assertThat((float) (double) ours.get(i)).as(questions.get(i)).isEqualTo(Float.parseFloat(theirs.get(i)));
        }
        assertThat(theirs.get(theirs.size() - 1)).isEqualTo("null");
        assertThat(GrowthBookHash.hash("s", "u", 3)).isNaN();
    }

    @Test
    void beyond_latin_1_the_hash_follows_growthbook_s_reference_sdk_not_its_jvm_port() throws Exception {
        // computed with GrowthBook's JavaScript algorithm (charCodeAt: whole UTF-16 code units) under Node.js
        assertThat(GrowthBookHash.hash("checkout", "ユーザー42", 1)).isEqualTo(0.255);
        assertThat(GrowthBookHash.hash("checkout", "ユーザー42", 2)).isEqualTo(0.0599);
        assertThat(GrowthBookHash.hash("a", "😀", 2)).isEqualTo(0.3759);
        assertThat(GrowthBookHash.hash("exp-ü", "ß", 2)).isEqualTo(0.0607);
        assertThat(GrowthBookHash.hash("seed", "user-1", 1)).isEqualTo(0.657);
        assertThat(GrowthBookHash.hash("seed", "user-1", 2)).isEqualTo(0.4232);
        assertThat(GrowthBookHash.hash("", "", 2)).isEqualTo(0.2305);
        // the JVM SDK masks each char to its low byte, so there it differs
        assertThat(GrowthBookOracle.ask(List.of("hash\t2\tcheckout\tユーザー42")).get(0))
                .isNotEqualTo("0.0599");
    }

    static double[] weights(SplittableRandom r, int n) {
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = 1 + r.nextInt(20);
            sum += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= sum;
        }
        // now and then weights GrowthBook throws away: of another length, or not summing to 1
        int spoil = r.nextInt(10);
        if (spoil == 0) {
            return java.util.Arrays.copyOf(w, Math.max(0, n - 1));
        }
        if (spoil == 1) {
            w[0] += 0.2;
        }
        return w;
    }

    static String csv(double[] xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.length() == 0 ? "" : ",").append((float) x);
        }
        return b.toString();
    }

    @Test
    void bucket_ranges_and_the_chosen_variation_equal_growthbook_s_for_2_000_seeded_experiments() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        List<String> rangeQuestions = new ArrayList<>();
        List<double[]> ours = new ArrayList<>();
        for (int e = 0; e < 2_000; e++) {
            int n = 1 + r.nextInt(5);
            double coverage = r.nextInt(12) / 10.0 - 0.05; // below 0 and above 1 too: both clamp
            double[] w = weights(r, n);
            rangeQuestions.add(String.format(Locale.ROOT, "ranges\t%d\t%s\t%s", n, (float) coverage, csv(w)));
            ours.add(Buckets.ranges(n, coverage, w));
        }
        List<String> theirRanges = GrowthBookOracle.ask(rangeQuestions);

        List<String> chooseQuestions = new ArrayList<>();
        List<Integer> mine = new ArrayList<>();
        int onABoundary = 0;
        for (int e = 0; e < ours.size(); e++) {
            String[] pairs = theirRanges.get(e).split(";");
            assertThat(pairs).as(rangeQuestions.get(e)).hasSize(ours.get(e).length / 2);
            for (int i = 0; i < pairs.length; i++) {
                String[] se = pairs[i].split(",");
                // the JVM SDK rounds range ends to 4 decimals; the reference (JavaScript) SDK and ours do not
                assertThat(ours.get(e)[2 * i]).isCloseTo(Double.parseDouble(se[0]), within(5.001e-5));
                assertThat(ours.get(e)[2 * i + 1]).isCloseTo(Double.parseDouble(se[1]), within(5.001e-5));
            }
            for (int u = 0; u < 25; u++) {
                double h = GrowthBookHash.hash("exp-" + e, "unit-" + u, 2);
                boolean boundary = false;
                for (double b : ours.get(e)) {
                    boundary |= Math.abs(b - h) < 5.001e-5;
                }
                if (boundary) {
                    // on a range end, the JVM SDK's rounded ends and floats and our (JavaScript's) doubles may part
                    onABoundary++;
                    continue;
                }
                chooseQuestions.add("choose\t" + (float) h + "\t" + theirRanges.get(e));
                mine.add(Buckets.choose(h, ours.get(e)));
            }
        }
        List<String> theirChoice = GrowthBookOracle.ask(chooseQuestions);

        for (int i = 0; i < mine.size(); i++) {
            assertThat(mine.get(i)).as(chooseQuestions.get(i)).isEqualTo(Integer.parseInt(theirChoice.get(i)));
        }
        assertThat(mine).hasSizeGreaterThan(49_000);
        assertThat(onABoundary).isLessThan(1_000);
        // every variation and "not in the experiment" occur: the comparison covers all outcomes
        assertThat(mine).contains(-1, 0, 1, 2, 3, 4);
    }

    @Test
    void namespaces_and_equal_weights_equal_growthbook_s() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        List<String> questions = new ArrayList<>();
        List<Boolean> ours = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String unit = random(r, 16);
            String ns = random(r, 8);
            double start = r.nextInt(10) / 10.0;
            double end = start + r.nextInt(11 - (int) Math.round(start * 10)) / 10.0;
            questions.add("ns\t" + unit + "\t" + ns + "\t" + (float) start + "\t" + (float) end);
            ours.add(Buckets.inNamespace(unit, ns, start, end));
        }
        for (int n = -1; n <= 7; n++) {
            questions.add("equal\t" + n);
        }
        List<String> theirs = GrowthBookOracle.ask(questions);

        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as(questions.get(i)).isEqualTo(Boolean.parseBoolean(theirs.get(i)));
        }
        assertThat(ours).contains(true, false);
        for (int n = -1; n <= 7; n++) {
            String answer = theirs.get(ours.size() + n + 1);
            double[] mineEqual = Buckets.equalWeights(n);
            assertThat(answer.isEmpty() ? 0 : answer.split(",").length).isEqualTo(mineEqual.length);
            for (int i = 0; i < mineEqual.length; i++) {
                assertThat(mineEqual[i]).isCloseTo(Double.parseDouble(answer.split(",")[i]), within(1e-6));
            }
        }
    }

    @Test
    void a_fifty_fifty_split_with_half_coverage_puts_a_quarter_of_the_units_in_each_variation() {
        double[] ranges = Buckets.ranges(2, 0.5, new double[] {0.5, 0.5});
        int[] counts = new int[3];
        for (int u = 0; u < 100_000; u++) {
            counts[Buckets.choose(GrowthBookHash.hash("new-checkout", "user-" + u, 2), ranges) + 1]++;
        }
        assertThat(counts[0]).isBetween(49_000, 51_000); // not in the experiment
        assertThat(counts[1]).isBetween(24_000, 26_000);
        assertThat(counts[2]).isBetween(24_000, 26_000);
    }
}
