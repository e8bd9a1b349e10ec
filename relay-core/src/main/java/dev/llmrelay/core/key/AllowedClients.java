package dev.llmrelay.core.key;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule of a key's {@code allowedClients}: each entry is either a recognised client id
 * ({@link ClientRecognizer#KNOWN_CLIENTS}) or a pattern matched against the whole {@code User-Agent}.
 *
 * <p>A pattern holds at least one {@code *}, which stands for any run of characters (none included); every other
 * character matches itself, ignoring case. {@code my-tool/*} admits {@code My-Tool/1.2 (linux)};
 * {@code *python-httpx*} admits any user agent containing {@code python-httpx}. A value without {@code *} must be
 * a known id, so that a typo such as {@code claude_code} is refused when the key is saved instead of silently
 * matching nothing. An empty list admits every client.
 */
public final class AllowedClients {

    /** The longest pattern accepted. */
    public static final int MAX_PATTERN_LENGTH = 200;

    private AllowedClients() {
    }

    /** Whether a request from {@code clientId} (as recognised) with {@code userAgent} may use a key allowing {@code allowed}. */
    public static boolean permits(Collection<String> allowed, Optional<String> clientId, String userAgent) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String entry : allowed) {
            if (isPattern(entry) ? matches(entry, userAgent) : clientId.map(entry::equals).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code entry} is not a valid {@code allowedClients} value; empty when it is valid. */
    public static Optional<String> problemWith(String entry) {
        if (ClientRecognizer.KNOWN_CLIENTS.contains(entry)) {
            return Optional.empty();
        }
        if (!isPattern(entry)) {
            return Optional.of("'" + entry + "' is neither a known client (claude-code, codex-cli, gemini-cli, "
                    + "droid-cli) nor a User-Agent pattern with * (such as 'my-tool/*')");
        }
        if (entry.length() > MAX_PATTERN_LENGTH) {
            return Optional.of("a User-Agent pattern is at most " + MAX_PATTERN_LENGTH + " characters");
        }
        if (!entry.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return Optional.of("a User-Agent pattern holds printable ASCII characters only");
        }
        return Optional.empty();
    }

    /** How the 403 names a client that a key refused. */
    public static String describe(Optional<String> clientId, String userAgent) {
        if (clientId.isPresent()) {
            return clientId.get();
        }
        if (userAgent.isBlank()) {
            return "an unrecognised client (no User-Agent)";
        }
        String shown = userAgent.replaceAll("[^\\x20-\\x7e]", "?");
        if (shown.length() > 120) {
            shown = shown.substring(0, 120) + "…";
        }
        return "an unrecognised client (User-Agent: " + shown + ")";
    }

    static boolean isPattern(String entry) {
        return entry.indexOf('*') >= 0;
    }

    /**
     * Whether {@code glob} matches all of {@code text}, ignoring case, {@code *} matching any run. Runs in time
     * proportional to the lengths' product at worst, with no regular expression to blow up.
     */
    static boolean matches(String glob, String text) {
        String g = glob.toLowerCase(Locale.ROOT);
        String t = text.toLowerCase(Locale.ROOT);
        int gi = 0;
        int ti = 0;
        int starAt = -1;
        int resumeAt = 0;
        while (ti < t.length()) {
            if (gi < g.length() && g.charAt(gi) == '*') {
                starAt = gi++;
                resumeAt = ti;
            } else if (gi < g.length() && g.charAt(gi) == t.charAt(ti)) {
                gi++;
                ti++;
            } else if (starAt >= 0) {
                gi = starAt + 1;
                ti = ++resumeAt;
            } else {
                return false;
            }
        }
        while (gi < g.length() && g.charAt(gi) == '*') {
            gi++;
        }
        return gi == g.length();
    }
}
