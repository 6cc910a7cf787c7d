package dev.verdict.judge.config;

import java.util.List;

/** A canary config or judge request that cannot be used; {@link #errors()} names every bad field. */
public class InvalidConfigException extends RuntimeException {

    private final List<ConfigError> errors;

    public InvalidConfigException(List<ConfigError> errors) {
        super(errors.size() + " invalid field(s): "
                + String.join(
                        "; ",
                        errors.stream()
                                .map(e -> e.pointer() + ": " + e.message())
                                .toList()));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
