package dev.verdict.catalog.entity.service;

import dev.verdict.problem.Problem;
import dev.verdict.problem.ProblemException;

/** The caller is authenticated and has the role, but not the ownership this action needs (403). */
public class NotAllowedException extends ProblemException {
    public NotAllowedException(String message) {
        super(Problem.of("forbidden", "Forbidden", 403, message));
    }
}
