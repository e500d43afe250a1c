package dev.gatehouse.core;

import dev.gatehouse.core.auth.AuthFilter;
import dev.gatehouse.core.auth.Authentication;
import dev.gatehouse.core.auth.Authenticator;
import dev.gatehouse.core.chain.Filter;
import dev.gatehouse.core.chain.FilterChain;
import dev.gatehouse.core.log.AccessLog;
import dev.gatehouse.core.log.AccessLogFilter;
import dev.gatehouse.core.route.DeploymentSpec;
import dev.gatehouse.core.route.Router;
import dev.gatehouse.core.upstream.CodecUpstream;
import dev.gatehouse.core.upstream.HttpTransport;
import dev.gatehouse.core.upstream.LoopHttpTransport;
import dev.gatehouse.core.upstream.MockUpstream;
import dev.gatehouse.core.upstream.SocketHttpTransport;
import dev.gatehouse.core.upstream.Upstream;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.UpstreamTarget;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a {@link Gateway}. The filter chain is put together in {@link #build()}, in order, in one place: reading
 * that method shows the whole path of a request.
 */
public final class GatewayBuilder {
    /** The protocol name of the built-in in-process provider. */
    public static final String MOCK_PROVIDER = "mock";

    private Clock clock = Clock.systemUTC();
    private HttpTransport transport;
    private LoopHttpTransport loopTransport;
    private final Map<String, ProviderCodec> codecs = new HashMap<>();
    private final List<DeploymentSpec> deployments = new ArrayList<>();
    private final List<Authenticator> authenticators = new ArrayList<>();
    private boolean authRequired = true;
    private AccessLog accessLog = AccessLog.slf4j();

    GatewayBuilder() {
    }

    public GatewayBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    public GatewayBuilder transport(HttpTransport value) {
        this.transport = value;
        return this;
    }

    /**
     * The transport for requests made on an event loop. When neither transport is given, the gateway makes both;
     * when only {@link #transport} is, event loops use it too (on virtual threads), so every request goes through it.
     */
    public GatewayBuilder loopTransport(LoopHttpTransport value) {
        this.loopTransport = value;
        return this;
    }

    public GatewayBuilder codecs(List<ProviderCodec> values) {
        values.forEach(c -> codecs.put(c.protocol(), c));
        return this;
    }

    public GatewayBuilder deployments(List<DeploymentSpec> values) {
        deployments.addAll(values);
        return this;
    }

    public GatewayBuilder authenticator(Authenticator value) {
        authenticators.add(value);
        return this;
    }

    /** With {@code false}, network callers are not asked for a key (benchmarks, trusted sidecars). */
    public GatewayBuilder authRequired(boolean value) {
        this.authRequired = value;
        return this;
    }

    /** With {@code false}, no access log; with {@code true} (the default), lines to {@link AccessLog#slf4j()}. */
    public GatewayBuilder accessLog(boolean value) {
        this.accessLog = value ? AccessLog.slf4j() : null;
        return this;
    }

    /** Where the access log's lines go; {@code null} for none. */
    public GatewayBuilder accessLog(AccessLog sink) {
        this.accessLog = sink;
        return this;
    }

    /** The protocols this builder can serve: the registered codecs plus the built-in mock. */
    public List<String> protocols() {
        List<String> names = new ArrayList<>(codecs.keySet());
        names.add(MOCK_PROVIDER);
        return names.stream().sorted().toList();
    }

    public Gateway build() {
        Authentication authentication = authRequired ? Authentication.required(authenticators)
                : Authentication.disabled();
        SocketHttpTransport owned = transport != null ? null
                : new SocketHttpTransport(Duration.ofSeconds(10), Duration.ofSeconds(600), 256,
                        Duration.ofSeconds(60));
        HttpTransport http = owned != null ? owned : transport;
        LoopHttpTransport ownedLoop = owned == null || loopTransport != null ? null
                : new LoopHttpTransport(Duration.ofSeconds(10), Duration.ofSeconds(600), 256, Duration.ofSeconds(60));
        LoopHttpTransport onLoops = ownedLoop != null ? ownedLoop : loopTransport;
        Router router = new Router(deployments, spec -> upstream(spec, http, onLoops), clock.instant());

        List<Filter> common = new ArrayList<>();
        if (accessLog != null) {
            common.add(new AccessLogFilter(accessLog));
        }
        // Later filters (key policy, rate limits, budgets, guardrails, cache) join here, in this order.

        List<Filter> client = new ArrayList<>();
        client.add(new AuthFilter(authentication));
        client.addAll(common);
        // A transport the caller supplied stays the caller's to close; the one built here closes with the gateway.
        Runnable release = () -> {
            if (owned != null) {
                owned.close();
            }
            if (ownedLoop != null) {
                ownedLoop.close();
            }
        };
        return new Gateway(new FilterChain(client, router), new FilterChain(common, router), authentication, clock,
                release);
    }

    private Upstream upstream(DeploymentSpec spec, HttpTransport http, LoopHttpTransport onLoops) {
        if (spec.provider().equals(MOCK_PROVIDER)) {
            return new MockUpstream(clock);
        }
        ProviderCodec codec = codecs.get(spec.provider());
        if (codec == null) {
            throw new IllegalArgumentException("Unknown provider '" + spec.provider() + "' for model '"
                    + spec.modelName() + "'; known providers: " + protocols());
        }
        if (spec.baseUrl() == null) {
            throw new IllegalArgumentException("Model '" + spec.modelName() + "' needs an api_base for provider '"
                    + spec.provider() + "'");
        }
        return new CodecUpstream(codec, new UpstreamTarget(spec.baseUrl(), spec.upstreamModel(), spec.apiKey(),
                spec.headers(), spec.options()), http, onLoops);
    }
}
