package dev.verdict.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.stats.bootstrap.Bootstrap;
import dev.verdict.stats.bootstrap.BootstrapResult;
import dev.verdict.stats.cuped.Cuped;
import dev.verdict.stats.cuped.CupedResult;
import dev.verdict.stats.descriptive.Descriptive;
import dev.verdict.stats.descriptive.GeometricMean;
import dev.verdict.stats.descriptive.OutlierFilter;
import dev.verdict.stats.descriptive.SampleSummary;
import dev.verdict.stats.mean.LiftResult;
import dev.verdict.stats.mean.MeanDifferenceResult;
import dev.verdict.stats.mean.ProportionTestResult;
import dev.verdict.stats.mean.RelativeLift;
import dev.verdict.stats.mean.TwoProportionZTest;
import dev.verdict.stats.mean.WelchTTest;
import dev.verdict.stats.rank.MannWhitney;
import dev.verdict.stats.rank.MannWhitneyResult;
import dev.verdict.stats.sequential.ConfidenceSequence;
import dev.verdict.stats.sequential.SequentialMeanDifference;
import dev.verdict.stats.sequential.SequentialResult;
import dev.verdict.stats.srm.SampleRatioMismatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Results become evidence: each record serializes to JSON with plain jackson-databind and reads back equal. */
class JsonSerializationTest {

    final ObjectMapper mapper = new ObjectMapper();
    static final double[] X = Golden.gen(30, 0.6180339887498949, 4, 10);
    static final double[] Y = Golden.gen(25, 0.7548776662466927, 4, 9);

    private <T> void roundTrip(T value, Class<T> type) throws Exception {
        String json = mapper.writeValueAsString(value);
        T back = mapper.readValue(json, type);
        // records with array components compare arrays by identity, so compare what they serialize to
        assertEquals(json, mapper.writeValueAsString(back), type.getSimpleName());
        if (type.getRecordComponents().length > 0
                && java.util.Arrays.stream(type.getRecordComponents())
                        .noneMatch(c -> c.getType().isArray())) {
            assertEquals(value, back, type.getSimpleName());
        }
    }

    @Test
    void everyResultRoundTrips() throws Exception {
        roundTrip(MannWhitney.test(X, Y), MannWhitneyResult.class);
        roundTrip(
                MannWhitney.test(X, Y, MannWhitney.Options.defaults().withAlternative(Alternative.LESS)),
                MannWhitneyResult.class);
        roundTrip(WelchTTest.test(X, Y), MeanDifferenceResult.class);
        roundTrip(RelativeLift.deltaMethod(X, Y, 0.95), LiftResult.class);
        roundTrip(TwoProportionZTest.test(10, 100, 20, 110), ProportionTestResult.class);
        roundTrip(
                Bootstrap.ratioOfMeans(X, Y, new Bootstrap.Options(500, 0.9, 7, Bootstrap.Interval.BCA)),
                BootstrapResult.class);
        roundTrip(
                SampleRatioMismatch.check(new long[] {10, 12}, new double[] {1, 1}),
                dev.verdict.stats.srm.SrmResult.class);
        roundTrip(Cuped.compare(X, X, Y, Y, Alternative.TWO_SIDED, 0.95), CupedResult.class);
        roundTrip(
                SequentialMeanDifference.look(
                        ConfidenceSequence.tunedFor(0.05, 0.1), SampleSummary.of(X), SampleSummary.of(Y), 1.0),
                SequentialResult.class);
        roundTrip(Descriptive.summarize(X), Descriptive.Summary.class);
        roundTrip(OutlierFilter.iqr(X, 1.5), OutlierFilter.Result.class);
        roundTrip(GeometricMean.ofRatios(X, 0.95), GeometricMean.Result.class);
    }

    @Test
    void shapeOfOneResult() throws Exception {
        JsonNode json = mapper.valueToTree(WelchTTest.test(X, Y));
        for (String field : List.of("method", "alternative", "n1", "n2", "estimate", "pValue", "confidenceInterval")) {
            assertTrue(json.has(field), field + " in " + json);
        }
        assertEquals("TWO_SIDED", json.get("alternative").asText());
        assertEquals(0.95, json.get("confidenceInterval").get("level").asDouble());
        // one-sided bounds are written as the strings "Infinity" / "-Infinity" (Jackson's default) and read back
        String oneSided = mapper.writeValueAsString(WelchTTest.test(X, Y, Alternative.GREATER, 0.95));
        assertTrue(oneSided.contains("\"upper\":\"Infinity\""), oneSided);
    }
}
