package dev.trailinsights.forward;

/**
 * The end of one delivery: its outcome, the attempts made and, when parked, why (one line, no URL
 * or secret: {@code http 500}, {@code timeout}, {@code connection failed (ConnectException)}).
 */
public record DeliveryResult(DeliveryOutcome outcome, int attempts, String reason) {}
