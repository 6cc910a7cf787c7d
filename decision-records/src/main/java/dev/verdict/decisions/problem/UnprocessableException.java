package dev.verdict.decisions.problem;

import java.util.List;

/** Well-formed input that breaks a rule of the model (e.g. a heading inside a text field): 422. */
public class UnprocessableException extends RuntimeException {
    private final List<Problem.FieldError> errors;

    public UnprocessableException(String message, List<Problem.FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
