package dev.gatehouse.core.route;

import dev.gatehouse.core.upstream.Upstream;

/** A {@link DeploymentSpec} made ready to serve. */
record Deployment(DeploymentSpec spec, Upstream upstream) {
}
