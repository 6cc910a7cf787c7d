package dev.verdict.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChartsTest {

    static final Pattern DOT = Pattern.compile("<circle cx=\"([0-9.]+)\"");
    static final Pattern REF = Pattern.compile("<g class=\"reference\"><line x1=\"([0-9.]+)\"");

    static List<Double> all(Pattern p, String svg) {
        Matcher m = p.matcher(svg);
        List<Double> xs = new java.util.ArrayList<>();
        while (m.find()) {
            xs.add(Double.parseDouble(m.group(1)));
        }
        return xs;
    }

    @Test
    void an_interval_chart_puts_each_estimate_on_one_scale_with_the_reference_line_between_lower_and_higher() {
        String svg = Charts.intervals(
                "JDK 25 / JDK 17",
                List.of(
                        new Charts.Interval("CryptoBench.aesGcmEncrypt", 0.70, 0.648, 0.769, "better"),
                        new Charts.Interval("StringBench.<format>", 1.20, 1.10, 1.31, "worse"),
                        new Charts.Interval("MapBench.get", 1.01, 0.97, 1.05, "none")),
                1.0);

        List<Double> dots = all(DOT, svg);
        List<Double> ref = all(REF, svg);
        assertThat(dots).hasSize(3);
        assertThat(ref).hasSize(1);
        // lower ratios sit left of the reference, higher ones right, the equal one near it
        assertThat(dots.get(0)).isLessThan(ref.get(0));
        assertThat(dots.get(1)).isGreaterThan(ref.get(0));
        assertThat(Math.abs(dots.get(2) - ref.get(0))).isLessThan(Math.abs(dots.get(0) - ref.get(0)));
        assertThat(svg).contains("#1a7f37").contains("#cf222e");
        assertThat(svg).contains("StringBench.&lt;format&gt;").doesNotContain("<format>");
        assertThat(svg).contains("<title>CryptoBench.aesGcmEncrypt: 0.700 [0.648, 0.769]</title>");
    }

    @Test
    void the_reference_is_on_the_scale_even_when_every_interval_is_far_from_it() {
        String svg = Charts.intervals("far", List.of(new Charts.Interval("a", 0.12, 0.09, 0.14, "better")), 1.0);

        double dot = all(DOT, svg).get(0);
        double ref = all(REF, svg).get(0);
        assertThat(ref).isGreaterThan(dot).isLessThanOrEqualTo(Charts.LABEL_W + Charts.PLOT_W);
    }

    @Test
    void a_line_chart_draws_one_path_per_series_and_breaks_it_at_missing_points() {
        String svg = Charts.lines(
                "latency-p99",
                "ms",
                List.of(
                        new Charts.Line("canary", "#cf222e", new double[] {10, 12, Double.NaN, 11}),
                        new Charts.Line("baseline", "#445", new double[] {10, 10, 10, 10})));

        Matcher paths = Pattern.compile("<path class=\"series\" d=\"([^\"]*)\"").matcher(svg);
        assertThat(paths.find()).isTrue();
        String canary = paths.group(1);
        assertThat(paths.find()).isTrue();
        String baseline = paths.group(1);
        assertThat(paths.find()).isFalse();
        // the gap starts a new stroke: two moves in the canary's path, one in the baseline's
        assertThat(canary.split("M", -1)).hasSize(3);
        assertThat(baseline.split("M", -1)).hasSize(2);
        assertThat(baseline.split("L", -1)).hasSize(4);
        assertThat(svg).contains(">12.0<").contains(">10.0<").contains(">ms<");
    }

    @Test
    void a_line_chart_of_no_data_is_still_a_valid_empty_plot() {
        String svg = Charts.lines("nothing", "ms", List.of(new Charts.Line("canary", "#000", new double[0])));

        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("d=\"\"");
    }
}
