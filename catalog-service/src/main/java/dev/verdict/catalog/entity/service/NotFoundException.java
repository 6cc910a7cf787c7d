package dev.verdict.catalog.entity.service;

/** The addressed thing does not exist (404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
