# syntax=docker/dockerfile:1
# The quotasim image for clusters (README: "Kubernetes"): the binary and the shipped
# scenarios on Debian slim. Stage 1 builds with the Rust toolchain; stage 2 keeps only
# what runs.
#
#   docker build -t registry.example.org/quotasim:0.1.0 .
#   docker run --rm -v "$PWD/output:/results" registry.example.org/quotasim:0.1.0 \
#       quotasim run /scenarios/pontianak-2025.toml --replications 100 --out /results/run

# Rust 1.85 or later (edition 2024), on the same Debian release as the runtime image so
# that the binary's glibc matches.
FROM rust:1-bookworm AS build
WORKDIR /src
# Only what the build reads (.dockerignore keeps output/ and target/ out).
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
COPY scenarios ./scenarios
# The cache mounts keep the registry and polars' 15-20 minute compilation between
# builds; the binary is copied out of the cached target folder.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin quotasim \
    && cp target/release/quotasim /usr/local/bin/quotasim

FROM debian:bookworm-slim AS runtime
# quotasim draws its charts with an embedded font and links only glibc and libgcc_s,
# both in Debian slim; it runs as an unprivileged user.
RUN useradd --create-home --uid 10001 quotasim \
    && mkdir /results && chown quotasim /results
COPY --from=build /usr/local/bin/quotasim /usr/local/bin/quotasim
COPY scenarios /scenarios
USER quotasim
WORKDIR /home/quotasim
# A Job gives its own command (README); without one, the image shows its options.
CMD ["quotasim", "--help"]
