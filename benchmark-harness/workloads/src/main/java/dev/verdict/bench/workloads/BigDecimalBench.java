package dev.verdict.bench.workloads;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Money maths with BigDecimal: a 30-year monthly amortisation schedule (rounding to cents every month). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BigDecimalBench {

    BigDecimal principal;
    BigDecimal monthlyRate;

    @Setup
    public void setup() {
        principal = new BigDecimal("350000.00");
        monthlyRate = new BigDecimal("0.0425").divide(BigDecimal.valueOf(12), MathContext.DECIMAL64);
    }

    /** Total interest paid over 360 months. */
    @Benchmark
    public BigDecimal amortisation() {
        BigDecimal onePlusRate = BigDecimal.ONE.add(monthlyRate);
        BigDecimal factor = onePlusRate.pow(360, MathContext.DECIMAL64);
        BigDecimal payment = principal
                .multiply(monthlyRate)
                .multiply(factor)
                .divide(factor.subtract(BigDecimal.ONE), 2, RoundingMode.HALF_EVEN);
        BigDecimal balance = principal;
        BigDecimal totalInterest = BigDecimal.ZERO;
        for (int month = 0; month < 360 && balance.signum() > 0; month++) {
            BigDecimal interest = balance.multiply(monthlyRate).setScale(2, RoundingMode.HALF_EVEN);
            totalInterest = totalInterest.add(interest);
            balance = balance.add(interest).subtract(payment.min(balance.add(interest)));
        }
        return totalInterest;
    }
}
