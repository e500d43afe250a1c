package dev.gatehouse.app;

import dev.gatehouse.app.config.GatehouseConfig;
import dev.gatehouse.app.log.AccessLines;
import dev.gatehouse.core.Gateway;
import dev.gatehouse.core.GatewayBuilder;
import dev.gatehouse.core.auth.MasterKeyAuthenticator;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.Secret;

import java.time.Clock;
import java.util.List;

/** Builds the {@link Gateway} a configuration describes. */
final class GatewayFactory {
    private GatewayFactory() {
    }

    /**
     * @param masterKey the key network callers must present, or {@code null} for a gateway used only in-process or
     *                  with {@code auth: false}
     */
    static Gateway build(GatehouseConfig config, List<ProviderCodec> codecs, Secret masterKey, Clock clock) {
        GatewayBuilder builder = Gateway.builder()
                .clock(clock)
                .codecs(codecs)
                .deployments(config.deployments())
                .accessLog(config.general().accessLog() ? AccessLines.forLogging() : null);
        if (masterKey != null) {
            builder.authenticator(new MasterKeyAuthenticator(masterKey));
        }
        return builder.authRequired(masterKey != null).build();
    }
}
