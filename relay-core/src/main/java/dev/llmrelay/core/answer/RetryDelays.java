package dev.llmrelay.core.answer;

import dev.llmrelay.core.exchange.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an upstream says it can be asked again, from whichever header it uses: {@code retry-after} (seconds
 * or an HTTP date), Anthropic's {@code anthropic-ratelimit-unified-reset} (epoch seconds) and
 * {@code anthropic-ratelimit-*-reset} (RFC 3339), OpenAI's {@code x-ratelimit-reset-requests} and
 * {@code -tokens} (durations such as {@code 6m0s}), and Google's {@code retryDelay} ({@code 37s}).
 */
public final class RetryDelays {
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryDelays() {
    }

    /** The upstream's own word on when to come back, the latest of what its headers say. */
    public static Optional<Duration> fromHeaders(Headers headers, Instant now) {
        Optional<Duration> retryAfter = headers.first("retry-after").flatMap(value -> parseRetryAfter(value, now));
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        Optional<Duration> latest = headers.first("anthropic-ratelimit-unified-reset").flatMap(RetryDelays::parseLong)
                .map(epochSeconds -> Duration.between(now, Instant.ofEpochSecond(epochSeconds)));
        for (String name : new String[] {"anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
                "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"}) {
            latest = later(latest, headers.first(name).flatMap(RetryDelays::parseInstant)
                    .map(at -> Duration.between(now, at)));
        }
        for (String name : new String[] {"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"}) {
            latest = later(latest, headers.first(name).flatMap(RetryDelays::parseGoDuration));
        }
        return latest.filter(d -> !d.isNegative());
    }

    /** The header names {@link #fromHeaders} reads, to keep from an upstream answer. */
    public static final String[] HEADER_NAMES = {"retry-after", "anthropic-ratelimit-unified-reset",
            "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
            "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset",
            "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"};

    /** Google's protobuf duration text: {@code "37s"}, {@code "0.5s"}. */
    static Optional<Duration> parseGoogleDuration(String text) {
        if (!text.endsWith("s")) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(text.substring(0, text.length() - 1));
            return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Go's duration text as OpenAI sends it: {@code 1s}, {@code 6m0s}, {@code 12ms}, {@code 1h2m3.5s}. */
    static Optional<Duration> parseGoDuration(String text) {
        Matcher part = GO_DURATION_PART.matcher(text.strip());
        long millis = 0;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(part.group(1));
            millis += (long) Math.ceil(amount * switch (part.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1000;
                default -> 1;
            });
            end = part.end();
        }
        return end == text.strip().length() && end > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }

    private static Optional<Duration> parseRetryAfter(String value, Instant now) {
        var seconds = parseLong(value.strip());
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds.get())));
        }
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseInstant(String value) {
        try {
            return Optional.of(Instant.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> later(Optional<Duration> current, Optional<Duration> candidate) {
        if (candidate.isEmpty()) {
            return current;
        }
        if (current.isEmpty() || candidate.get().compareTo(current.get()) > 0) {
            return candidate;
        }
        return current;
    }
}
