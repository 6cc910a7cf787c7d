/**
 * The bundled JMH workload suite: small, deterministic versions of the work services really do (JSON, regex,
 * strings, collections and streams, HashMap lookups, BigDecimal money maths, JCA hashing and encryption, gzip,
 * allocation-heavy object graphs, thread hand-off). Every benchmark is average time per operation in microseconds,
 * single-threaded from JMH's point of view, with fixed-seed input data so every JDK sees the same work.
 */
package dev.verdict.bench.workloads;
