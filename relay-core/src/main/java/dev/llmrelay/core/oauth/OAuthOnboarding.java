package dev.llmrelay.core.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.upstream.CodeAssistProjects;
import dev.llmrelay.core.upstream.UpstreamClients;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Signs a subscription account in, as its provider's CLI would: {@link #start} opens a session (PKCE and state,
 * or a device login) and gives the URL the operator opens; {@link #finish} takes the code the operator pasted (or
 * the whole URL the browser ended on), checks it belongs to the session, and exchanges it for tokens.
 *
 * <p>Sessions wait in the store's {@link OnboardingSessions} for {@code sessionTtl}: with relay nodes sharing a store,
 * finish on any of them. A session is taken once, in one atomic step, however many finishes race for it.
 */
public final class OAuthOnboarding {
    /** How long an operator has between start and finish unless told otherwise. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(15);

    private final OAuthProviders providers;
    private final TokenEndpoint endpoint;
    private final UpstreamClients clients;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration sessionTtl;
    private final OnboardingSessions sessions;
    private final ObjectMapper json;

    public OAuthOnboarding(OAuthProviders providers, TokenEndpoint endpoint, UpstreamClients clients, Clock clock,
                           SecureRandom random, Duration sessionTtl, OnboardingSessions sessions, ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sessionTtl = Objects.requireNonNull(sessionTtl, "sessionTtl");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** How starting went. */
    public sealed interface Start {
        /**
         * A session: the URL the operator opens, and for a device login the code that page shows.
         */
        record Started(String sessionId, String authorizeUrl, Optional<String> userCode, Instant expiresAt)
                implements Start {
        }

        /** No session: the platform has no subscription login, or the provider could not be asked. */
        record Failed(Problem problem, String why) implements Start {
        }
    }

    /** How finishing went. */
    public sealed interface Finish {
        /** The tokens, for the new account. */
        record Finished(Credential.OAuthTokens tokens) implements Finish {
        }

        record Failed(Problem problem, String why) implements Finish {
        }
    }

    /** Why a sign-in did not go on, for the admin API's status. */
    public enum Problem {
        /** The request cannot be right: an unknown or expired session, a state of another session, no code. */
        INVALID,
        /** A device login the operator has not approved yet: finish again shortly. */
        PENDING,
        /** The provider refused the code. */
        REFUSED,
        /** The provider could not be asked. */
        UNAVAILABLE
    }

    /** Opens a sign-in for {@code platform}; a device login asks the provider first, through {@code proxy}. */
    public Start start(Platform platform, Optional<Secret> proxy) {
        Optional<OAuthProvider> found = providers.find(platform);
        if (found.isEmpty()) {
            return new Start.Failed(Problem.INVALID, platform.wireName() + " has no subscription login");
        }
        OAuthProvider provider = found.get();
        String id = "oas_" + Pkce.randomToken(random, 18);
        Instant now = clock.instant();
        if (provider.flow() == OAuthProvider.Flow.DEVICE_CODE) {
            return switch (endpoint.startDevice(provider, client(proxy))) {
                case TokenEndpoint.DeviceStart.Failed failed -> new Start.Failed(Problem.UNAVAILABLE, failed.why());
                case TokenEndpoint.DeviceStart.Started started -> {
                    DeviceAuthorization device = started.authorization();
                    Duration ttl = device.expiresIn().isPositive() && device.expiresIn().compareTo(sessionTtl) < 0
                            ? device.expiresIn() : sessionTtl;
                    var session = OnboardingSession.byDevice(id, platform, device, now.plus(ttl));
                    sessions.open(session);
                    yield new Start.Started(id, device.verificationUri(),
                            Optional.of(device.userCode()).filter(code -> !code.isEmpty()), session.expiresAt());
                }
            };
        }
        Pkce pkce = Pkce.generate(random);
        String state = Pkce.randomToken(random, 32);
        var session = OnboardingSession.byCode(id, platform, state, Secret.of(pkce.verifier()), now.plus(sessionTtl));
        HttpUrl base = HttpUrl.parse(provider.authorizeUrl());
        if (base == null) {
            return new Start.Failed(Problem.UNAVAILABLE, "the authorize URL of " + platform.wireName() + " is not usable");
        }
        HttpUrl.Builder url = base.newBuilder();
        // Claude Code's URL begins with code=true; the other CLIs' extras follow the OAuth parameters.
        Optional.ofNullable(provider.authorizeParameters().get("code")).ifPresent(value -> url.addQueryParameter("code", value));
        url.addQueryParameter("client_id", provider.clientId())
                .addQueryParameter("response_type", "code")
                .addQueryParameter("redirect_uri", provider.redirectUri())
                .addQueryParameter("scope", String.join(" ", provider.scopes()))
                .addQueryParameter("code_challenge", pkce.challenge())
                .addQueryParameter("code_challenge_method", "S256")
                .addQueryParameter("state", state);
        provider.authorizeParameters().forEach((name, value) -> {
            if (!name.equals("code")) {
                url.addQueryParameter(name, value);
            }
        });
        sessions.open(session);
        return new Start.Started(id, url.build().toString(), Optional.empty(), session.expiresAt());
    }

    /**
     * Exchanges what the operator pasted for tokens, once per session: the code, {@code code#state}, or the whole
     * callback URL; a state in it must be the session's. A device login is asked whether it has been approved.
     */
    public Finish finish(Platform platform, String sessionId, Optional<String> pasted, Optional<Secret> proxy) {
        Optional<OnboardingSession> open = sessions.find(sessionId);
        if (open.isEmpty()) {
            return notOpen(sessionId);
        }
        OnboardingSession session = open.get();
        if (session.platform() != platform) {
            return new Finish.Failed(Problem.INVALID, "the sign-in session " + sessionId + " is for "
                    + session.platform().wireName() + ", not " + platform.wireName());
        }
        OAuthProvider provider = providers.find(platform).orElseThrow();
        OkHttpClient client = client(proxy);
        if (session.device().isPresent()) {
            return finishDevice(session, provider, client);
        }
        if (pasted.isEmpty() || pasted.get().isBlank()) {
            return new Finish.Failed(Problem.INVALID, "code is required: the code the provider showed, or the whole "
                    + "URL the browser ended on");
        }
        PastedCode code = PastedCode.parse(pasted.get());
        if (code.error().isPresent()) {
            sessions.take(sessionId, Optional.empty());
            return new Finish.Failed(Problem.REFUSED, "the provider answered the sign-in with " + code.error().get());
        }
        if (code.code().isBlank()) {
            return new Finish.Failed(Problem.INVALID, "no code in what was pasted");
        }
        OnboardingSession taken;
        switch (sessions.take(sessionId, code.state())) {
            case OnboardingSessions.Take.NotOpen notOpen -> {
                return notOpen(sessionId);
            }
            case OnboardingSessions.Take.StateDiffers differs -> {
                return new Finish.Failed(Problem.INVALID, "the state in what was pasted is not this session's: it "
                        + "belongs to another sign-in; paste the code of this one");
            }
            case OnboardingSessions.Take.Taken done -> taken = done.session();
        }
        Secret verifier = taken.verifier().orElseThrow(() -> new IllegalStateException(
                "a sign-in by code was opened without its PKCE verifier"));
        return switch (endpoint.exchangeCode(provider, client, code.code(), verifier, taken.state())) {
            case TokenAnswer.Granted granted -> new Finish.Finished(granted.grant().toCredential());
            case TokenAnswer.Refused refused -> new Finish.Failed(Problem.REFUSED,
                    "the provider refused the code (" + refused.why() + "); codes are single use and short-lived: "
                            + "start again");
            case TokenAnswer.Unavailable unavailable -> new Finish.Failed(Problem.UNAVAILABLE, unavailable.why());
            case TokenAnswer.Pending pending -> new Finish.Failed(Problem.UNAVAILABLE, "unexpected pending answer");
        };
    }

    /**
     * Asks the provider whether the operator has approved the device login; the session stays open until the
     * provider grants or refuses it, and is then taken, so that only one finish creates the account.
     */
    private Finish finishDevice(OnboardingSession session, OAuthProvider provider, OkHttpClient client) {
        DeviceAuthorization device = session.device().orElseThrow();
        return switch (endpoint.pollDevice(provider, client, device.deviceCode(), device.interval())) {
            case TokenAnswer.Granted granted -> sessions.take(session.id(), Optional.empty())
                    instanceof OnboardingSessions.Take.Taken
                    ? new Finish.Finished(granted.grant().toCredential())
                    : notOpen(session.id());
            case TokenAnswer.Pending pending -> new Finish.Failed(Problem.PENDING,
                    "the sign-in has not been approved yet: open " + device.verificationUri()
                            + ", approve code " + device.userCode() + ", then finish again");
            case TokenAnswer.Refused refused -> {
                sessions.take(session.id(), Optional.empty());
                yield new Finish.Failed(Problem.REFUSED, "the provider refused the sign-in: " + refused.why());
            }
            case TokenAnswer.Unavailable unavailable -> new Finish.Failed(Problem.UNAVAILABLE, unavailable.why());
        };
    }

    private static Finish.Failed notOpen(String sessionId) {
        return new Finish.Failed(Problem.INVALID, "no open sign-in session " + sessionId + ": it has expired, has "
                + "been finished already, or was never started; start again");
    }

    /**
     * The Google Cloud project Code Assist serves a new Gemini subscription account in, asked with
     * {@code loadCodeAssist} as Gemini CLI asks at sign-in; empty when Code Assist names none or cannot be asked
     * (requests then ask again).
     */
    public Optional<String> codeAssistProject(Account account) {
        try {
            return switch (new CodeAssistProjects(json).projectOf(account, clients.forAccount(account), Headers.empty())) {
                case CodeAssistProjects.Lookup.Found found -> Optional.of(found.project());
                case CodeAssistProjects.Lookup.NoProject none -> Optional.empty();
                case CodeAssistProjects.Lookup.Failed failed -> Optional.empty();
            };
        } catch (IllegalArgumentException badAccount) {
            return Optional.empty();
        }
    }

    private OkHttpClient client(Optional<Secret> proxy) {
        return clients.forProxy(proxy);
    }
}
