# syntax=docker/dockerfile:1
# The relay in a container: built with the Maven wrapper on a JDK 21, run on a JRE 21 as a non-root user.
#
#   docker build -t llm-relay .
#   docker run -d -p 127.0.0.1:8080:8080 -v relay-data:/var/lib/relay llm-relay
#
# docs/deployment.md#docker has the details (and docker-compose.yml runs it with Redis).

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# The wrapper first, so that a change of source reuses the Maven it downloads; dependencies stay in the cache mount.
COPY mvnw ./
COPY .mvn/ .mvn/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q --version
COPY . .
# Only the runnable relay and the modules it needs; the tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package -pl relay-jetty-host -am \
    && cp relay-jetty-host/target/relay.jar /relay.jar

FROM eclipse-temurin:21-jre
# curl for the health check (the JRE image does not promise one).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 relay \
    && useradd --system --uid 10001 --gid relay --home-dir /var/lib/relay --shell /usr/sbin/nologin relay \
    && install -d -o relay -g relay -m 0700 /var/lib/relay
COPY --from=build /relay.jar /opt/relay/relay.jar

# In a container the relay must listen on every interface; publish the port on loopback and put the TLS proxy
# in front (docs/deployment.md).
ENV RELAY_BIND=0.0.0.0 \
    RELAY_PORT=8080 \
    RELAY_DATA_DIR=/var/lib/relay \
    RELAY_SHUTDOWN_GRACE_SECONDS=30
VOLUME ["/var/lib/relay"]
EXPOSE 8080
USER relay:relay
WORKDIR /var/lib/relay

HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1

# SIGTERM (docker stop) drains running streams for RELAY_SHUTDOWN_GRACE_SECONDS: give docker stop a longer
# timeout than that (docker stop -t 45; stop_grace_period in compose). The exec form makes java PID 1, so it
# gets the signal itself.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/relay/relay.jar"]
