package dev.llmrelay.core.oauth;

import dev.llmrelay.api.Platform;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The subscription logins a relay offers, one per platform: the shipped ones unless replaced. */
public final class OAuthProviders {
    private final Map<Platform, OAuthProvider> byPlatform;

    private OAuthProviders(Map<Platform, OAuthProvider> byPlatform) {
        this.byPlatform = byPlatform;
    }

    /** The providers' real endpoints and their CLIs' public clients. */
    public static OAuthProviders standard() {
        Map<Platform, OAuthProvider> map = new EnumMap<>(Platform.class);
        Arrays.stream(Platform.values()).forEach(p -> OAuthProvider.standard(p).ifPresent(o -> map.put(p, o)));
        return new OAuthProviders(map);
    }

    /** These providers with {@code platform}'s changed by {@code change} (another token URL, say). */
    public OAuthProviders with(Platform platform, UnaryOperator<OAuthProvider> change) {
        OAuthProvider current = find(platform).orElseThrow(() ->
                new IllegalArgumentException(platform.wireName() + " has no subscription login"));
        Map<Platform, OAuthProvider> map = new EnumMap<>(byPlatform);
        map.put(platform, change.apply(current));
        return new OAuthProviders(map);
    }

    public Optional<OAuthProvider> find(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }

    public Collection<OAuthProvider> all() {
        return byPlatform.values();
    }
}
