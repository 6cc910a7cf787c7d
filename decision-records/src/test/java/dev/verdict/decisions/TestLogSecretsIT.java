package dev.verdict.decisions;

import dev.verdict.testing.TestLogSecretsTests;

/** After this module's tests: no token, password or client secret in its test log (libs/testing). */
class TestLogSecretsIT extends TestLogSecretsTests {}
