package dev.verdict.bench.workloads;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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

/** JCA as services use it: SHA-256 of a 16 KiB payload and AES-256-GCM encryption of it (fresh IV per message). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CryptoBench {

    byte[] payload;
    SecretKeySpec key;
    long ivCounter;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(23);
        payload = new byte[16 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) rnd.nextInt(256);
        }
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) rnd.nextInt(256);
        }
        key = new SecretKeySpec(k, "AES");
    }

    @Benchmark
    public byte[] sha256() throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(payload);
    }

    @Benchmark
    public byte[] aesGcmEncrypt() throws GeneralSecurityException {
        // GCM refuses a repeated IV for the same key, so each message gets the next counter value
        byte[] iv =
                ByteBuffer.allocate(12).putInt(0x5645524).putLong(++ivCounter).array();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return cipher.doFinal(payload);
    }
}
