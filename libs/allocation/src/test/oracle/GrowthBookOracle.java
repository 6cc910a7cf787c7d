import com.sdk.growthbook.utils.GBUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kotlin.Pair;
import kotlin.Triple;

/**
 * Answers allocation questions with GrowthBook's own JVM SDK (io.growthbook.sdk:GrowthBook-jvm, Java 21 bytecode),
 * one tab-separated question per line on stdin, one answer per line on stdout. Run by GrowthBookCompatibilityTest
 * with a JDK >= 21 in source-launcher mode; not compiled by the build (the build is on Java 17).
 */
public class GrowthBookOracle {
    public static void main(String[] args) throws Exception {
        GBUtils.Companion gb = GBUtils.Companion;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] q = line.split("\t", -1);
            switch (q[0]) {
                case "hash" -> out.println(gb.hash(q[3], Integer.parseInt(q[1]), q[2]));
                case "ranges" -> {
                    List<Float> w = new ArrayList<>();
                    for (String s : q[3].isEmpty() ? new String[0] : q[3].split(",")) {
                        w.add(Float.parseFloat(s));
                    }
                    StringBuilder b = new StringBuilder();
                    for (Pair<Float, Float> r : gb.getBucketRanges(Integer.parseInt(q[1]), Float.parseFloat(q[2]), w)) {
                        b.append(b.length() == 0 ? "" : ";").append(r.getFirst()).append(',').append(r.getSecond());
                    }
                    out.println(b);
                }
                case "choose" -> {
                    List<Pair<Float, Float>> ranges = new ArrayList<>();
                    for (String r : q[2].split(";")) {
                        String[] se = r.split(",");
                        ranges.add(new Pair<>(Float.parseFloat(se[0]), Float.parseFloat(se[1])));
                    }
                    out.println(gb.chooseVariation(Float.parseFloat(q[1]), ranges));
                }
                case "ns" -> out.println(gb.inNamespace(
                        q[1], new Triple<>(q[2], Float.parseFloat(q[3]), Float.parseFloat(q[4]))));
                case "equal" -> {
                    StringBuilder b = new StringBuilder();
                    for (Float f : gb.getEqualWeights(Integer.parseInt(q[1]))) {
                        b.append(b.length() == 0 ? "" : ",").append(f);
                    }
                    out.println(b);
                }
                default -> out.println("unknown question " + q[0]);
            }
        }
        out.flush();
    }
}
