# crmbench for distributed runs on Kubernetes (`crmbench k8s manifest … --image IMAGE`).
# Build the release binary first (the Swift runtime is linked in statically), then the image:
#   make release && docker build -t registry.example/crmbench:0.1.0 . && docker push registry.example/crmbench:0.1.0
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 libsqlite3-0 libstdc++6 zlib1g ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY .build/release/crmbench /usr/local/bin/crmbench
# Not root: a load generator needs no privileges.
USER 65532:65532
WORKDIR /tmp
ENTRYPOINT ["crmbench"]
